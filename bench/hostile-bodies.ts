/**
 * The worst bodies we could think of for `POST /api/events`, each just under the 10 MiB limit (or just
 * over, where the point is how fast it is refused): the hostile benchmark sends each one to a real system.
 */
import { MAX_EVENTS_PER_REQUEST, MAX_REQUEST_BYTES } from '../common/ingest.js';
import { makeEvent } from './bench-events.js';

export interface HostileBody {
  name: string;
  contentType: string;
  body: Buffer;
}

const JSON_TYPE = 'application/json';
const NDJSON_TYPE = 'application/x-ndjson';
/** A little under the limit, so the body is read and parsed rather than refused by its length. */
const NEAR_LIMIT = MAX_REQUEST_BYTES - 4 * 1024;

function json(name: string, text: string, contentType = JSON_TYPE): HostileBody {
  return { name, contentType, body: Buffer.from(text) };
}

/** `count` copies of `item` joined by `sep`, no longer than NEAR_LIMIT bytes with `open` and `close`. */
function fill(open: string, item: string, sep: string, close: string, count = Infinity): string {
  const n = Math.min(
    count,
    Math.floor((NEAR_LIMIT - open.length - close.length) / (item.length + sep.length)),
  );
  return open + Array.from({ length: n }, () => item).join(sep) + close;
}

function event(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...makeEvent(i, 'hostile'), ...extra };
}

/** An event that breaks as many rules as it can, each with a message of its own. */
function allWrong(i: number): Record<string, unknown> {
  return {
    event_id: i % 2 ? 7 : '',
    type: 'no.such.type',
    occurred_at: '2026-02-30T25:61:00',
    unit_code: 'x',
    source: '',
    officer_ids: [1, 2, 3, '', null],
    attrs: [],
    incident_id: 5,
    unknown_a: 1,
    unknown_b: 2,
    occured_at: 3,
  };
}

export function baselineBody(): HostileBody {
  const events = Array.from({ length: 1_000 }, (_, i) => makeEvent(i, `baseline-${Date.now()}`));
  return json('baseline: 1,000 valid events (JSON array)', JSON.stringify(events));
}

export function hostileBodies(): HostileBody[] {
  const head = JSON.stringify(event(0)).slice(0, -1);
  const many = (n: number) => Math.min(n, MAX_EVENTS_PER_REQUEST);
  const wrong = Array.from({ length: many(10_000) }, (_, i) => allWrong(i));
  const longString = 'x'.repeat(1_000);
  const deepArrays = '['.repeat(2_000_000) + ']'.repeat(2_000_000);
  const deepObjects = '{"a":'.repeat(900_000) + '1' + '}'.repeat(900_000);
  return [
    json('one event, 2.6M officer_ids', fill(`${head},"officer_ids":[`, '"o1"', ',', ']}')),
    json('one event, 2.6M non-string officer_ids', fill(`${head},"officer_ids":[`, '1', ',', ']}')),
    json('a top-level array of 5M numbers', fill('[', '0', ',', ']')),
    json('10,000 all-invalid events (JSON)', JSON.stringify(wrong)),
    json(
      '10,000 all-invalid events (NDJSON, 10 MiB padded)',
      wrong.map((w) => JSON.stringify({ ...w, pad: 'p'.repeat(700) })).join('\n'),
      NDJSON_TYPE,
    ),
    json(
      'one event, 500k unknown fields',
      fill(`${head},`, '"k":1', ',', '}').replace(
        /"k"/g,
        () => `"k${Math.random().toString(36).slice(2, 8)}"`,
      ),
    ),
    json(
      'one event, attrs with 600k keys',
      fill(`${head},"attrs":{`, '"a0000":1', ',', '}}').replace(
        /"a0000"/g,
        () => `"a${Math.random().toString(36).slice(2, 6)}"`,
      ),
    ),
    json(
      '3,000 events, each with long strings',
      JSON.stringify(
        Array.from({ length: many(3_000) }, (_, i) =>
          event(i, { event_id: longString, incident_id: longString, source: longString }),
        ),
      ),
    ),
    json('one event_id of 10 MiB', `{"event_id":"${'x'.repeat(NEAR_LIMIT - 20)}"}`),
    json('arrays nested 2M deep', deepArrays.length < NEAR_LIMIT ? deepArrays : '[[1]]'),
    json('objects nested 900k deep', deepObjects),
    json('10 MiB of NDJSON blank lines', '\n'.repeat(NEAR_LIMIT), NDJSON_TYPE),
    json('NDJSON, 700k lines of small invalid events', fill('', '{"event_id":1}', '\n', ''), NDJSON_TYPE),
    json(
      '10 MiB of NDJSON, invalid JSON on the last line',
      fill('', `{"x":"${'p'.repeat(1_000)}"}`, '\n', '\n{', MAX_EVENTS_PER_REQUEST - 1),
      NDJSON_TYPE,
    ),
    {
      name: '10 MiB of NDJSON newlines, then a byte that is not UTF-8',
      contentType: NDJSON_TYPE,
      body: Buffer.concat([Buffer.from('\n'.repeat(NEAR_LIMIT - 8)), Buffer.from([0xff])]),
    },
    json('10 MiB of Chinese text in one string', `[{"event_id":"${'中'.repeat(NEAR_LIMIT / 3 - 10)}"}]`),
    {
      name: '10 MiB of invalid UTF-8 at the end',
      contentType: JSON_TYPE,
      body: Buffer.concat([Buffer.from(fill('[', '0', ',', '  ')), Buffer.from([0xff]), Buffer.from(']')]),
    },
  ];
}
