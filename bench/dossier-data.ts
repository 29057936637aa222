/**
 * The dossier benchmark's data, made inside ClickHouse (INSERT … SELECT FROM numbers(), in chunks) so that
 * ten million events take minutes, not hours; the link index fills through its materialized view exactly as at
 * ingest. Shapes:
 * - typical cases of 16 events across the five systems: incident (reported, dispatched, closed), case
 *   (registered with its incident, accepted, closed), a person (detention with a name, custody, release), an
 *   item (seized, stored), a stay (entered, left), an interrogation (started, ended) and its recording;
 *   one case in ten shares its person with the previous case (a component of two cases);
 * - BIG_CASES cases of BIG_ITEMS seized items each: components over the 5,000-event bound;
 * - units: 14 cities × 8 stations of Guangxi; times spread over the past year;
 * - obligations: one ledger row per dispatch, registration, detention and seizure, with the engine's ids (what
 *   the dossier reads beside events).
 */
import type { ClickHouseClient } from '../common/node/clickhouse.js';

export const EVENTS_PER_CASE = 16;
export const BIG_CASES = 5;
export const BIG_ITEMS = 6_000;
const CHUNK = 1_000_000;

const SLOTS = [
  ['incident.reported', 'inc'],
  ['incident.dispatched', 'inc'],
  ['incident.closed', 'inc'],
  ['case.registered', 'inc,case'],
  ['case.accepted', 'case'],
  ['case.closed', 'case'],
  ['measure.detention', 'person,case'],
  ['custody.admitted', 'person'],
  ['measure.released', 'person'],
  ['property.seized', 'item,case'],
  ['property.stored', 'item'],
  ['area.entered', 'stay,person'],
  ['area.left', 'stay'],
  ['interrogation.started', 'session,person'],
  ['interrogation.ended', 'session'],
  ['recording.uploaded', 'rec,session'],
] as const;

export const caseId = (c: number) => `BA${String(c).padStart(9, '0')}`;
export const personName = (c: number) => `基准人员${c}`;

/** `if(has(slot keys, key), value, '')` for one link column. */
function column(key: string, value: string): string {
  const slots = SLOTS.flatMap(([, keys], j) => (keys.split(',').includes(key) ? [j] : []));
  return `if(j IN (${slots.join(', ')}), ${value}, '')`;
}

function typicalSelect(from: number, count: number, cases: number): string {
  const types = `[${SLOTS.map(([t]) => `'${t}'`).join(', ')}]`;
  const padded = (x: string) => `leftPad(toString(${x}), 9, '0')`;
  // One case in ten (c % 10 = 1, c > 0) names the previous case's person.
  const person = `concat('BP', ${padded('if(c % 10 = 1 AND c > 0, c - 1, c)')})`;
  const span = 365 * 86_400_000;
  return `SELECT concat('bd-', toString(n)) AS event_id, ${types}[j + 1] AS type,
    toDateTime64((now64(3) - toIntervalMillisecond(${span})) , 3, 'UTC')
      + toIntervalMillisecond(intDiv(c * ${span}, ${cases}) + j * 600000) AS occurred_at,
    now64(3) AS ingested_at,
    concat('45', leftPad(toString(1 + c % 14), 2, '0'), leftPad(toString(1 + intDiv(c, 14) % 8), 2, '0'), '000000') AS unit_code,
    'bench' AS source,
    ${column('inc', `concat('BJ', ${padded('c')})`)} AS incident_id,
    ${column('case', `concat('BA', ${padded('c')})`)} AS case_id,
    ${column('person', person)} AS person_id,
    ${column('stay', `concat('BS', ${padded('c')})`)} AS stay_id,
    ${column('item', `concat('BW', ${padded('c')})`)} AS item_id,
    ${column('session', `concat('BQ', ${padded('c')})`)} AS session_id,
    ${column('rec', `concat('BR', ${padded('c')})`)} AS recording_id,
    [concat('P45', toString(c % 5000))] AS officer_ids, [] AS auxiliary_ids,
    if(j = 6, concat('{"person_name":"基准人员', toString(c), '"}'), '{}') AS attrs,
    'bench' AS batch_id
  FROM (SELECT number AS n, intDiv(number, ${EVENTS_PER_CASE}) AS c, number % ${EVENTS_PER_CASE} AS j
        FROM numbers(${from}, ${count}))`;
}

function bigSelect(k: number): string {
  return `SELECT concat('bb-${k}-', toString(number)) AS event_id, 'property.seized' AS type,
    now64(3) - toIntervalMillisecond(number * 60000) AS occurred_at, now64(3) AS ingested_at,
    '450103000000' AS unit_code, 'bench' AS source, '' AS incident_id, 'BIG${k}' AS case_id, '' AS person_id,
    '' AS stay_id, concat('BIGW${k}-', toString(number)) AS item_id, '' AS session_id, '' AS recording_id,
    [] AS officer_ids, [] AS auxiliary_ids, '{}' AS attrs, 'bench' AS batch_id
  FROM numbers(${BIG_ITEMS})`;
}

/** The rule (and its subject key) each ledger trigger type stands for. */
const LEDGER: Record<string, [string, string]> = {
  'incident.dispatched': ['R-INC-13', 'incident_id'],
  'case.registered': ['R-INC-05', 'case_id'],
  'measure.detention': ['R-PER-01', 'person_id'],
  'property.seized': ['R-PRO-02', 'item_id'],
};
const ledgerPick = (i: 0 | 1) =>
  `multiIf(${Object.entries(LEDGER)
    .map(([t, v]) => `type = '${t}', '${v[i]}'`)
    .join(', ')}, '')`;
const LEDGER_RULE = ledgerPick(0);
const LEDGER_KEY = ledgerPick(1);

const COLUMNS = `(event_id, type, occurred_at, ingested_at, unit_code, source, incident_id, case_id, person_id,
  stay_id, item_id, session_id, recording_id, officer_ids, auxiliary_ids, attrs, batch_id)`;

/** Inserts `total` typical events and the big cases; returns the number of typical cases. */
export async function makeEvents(
  ch: ClickHouseClient,
  total: number,
  progress: (done: number) => void,
): Promise<number> {
  const cases = Math.floor(total / EVENTS_PER_CASE);
  const rows = cases * EVENTS_PER_CASE;
  for (let from = 0; from < rows; from += CHUNK) {
    const count = Math.min(CHUNK, rows - from);
    await ch.command({ query: `INSERT INTO events ${COLUMNS} ${typicalSelect(from, count, cases)}` });
    progress(from + count);
  }
  for (let k = 0; k < BIG_CASES; k++)
    await ch.command({ query: `INSERT INTO events ${COLUMNS} ${bigSelect(k)}` });
  // The ledger: an obligation per dispatch, registration, detention and seizure, named as the engine names
  // them (rule:key:value), so that the dossier reads them by the ledger's primary key as it does in use.
  await ch.command({
    query: `INSERT INTO obligations (obligation_id, rule_id, kind, unit_code, trigger_event_id, occurred_at,
              due_at, status, satisfied_by, severity, version)
            SELECT concat(rule, ':', key, ':', value), rule, 'deadline', unit_code, event_id, occurred_at,
              occurred_at + toIntervalHour(24), if(cityHash64(event_id) % 10 = 0, 'late', 'on_time'), '', 'P2', 1
            FROM (SELECT *, ${LEDGER_RULE} AS rule, ${LEDGER_KEY} AS key,
                    multiIf(key = 'incident_id', incident_id, key = 'case_id', case_id,
                            key = 'person_id', person_id, item_id) AS value
                  FROM events WHERE type IN (${Object.keys(LEDGER)
                    .map((t) => `'${t}'`)
                    .join(', ')}))`,
  });
  return cases;
}
