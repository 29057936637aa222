/**
 * What a condition rule's alert is about, in words (RULES.md "Condition rules"): the event itself broke the
 * rule, so there is no deadline and nothing "missing in time" — say what is wrong with it, with the facts from
 * the evidence: the gap between the interrogation and its recording (R-REC-08), the seizure before the case
 * was opened (R-PRO-01), the decision without a passed review (R-LAW-01), the number of officers (R-PER-19,
 * R-AUX-01). Any other condition rule gets a general sentence. Pure: translator and zone passed in.
 */
import type { AlertDetail } from '../../../common/api.js';
import type { EventType } from '../../../common/event-types.js';
import type { PoliceEvent } from '../../../common/events.js';
import type { Translate } from '../i18n/translate.js';
import { formatDateTime, formatDuration } from './time.js';

/** A gap to the second under an hour (`17分21秒`), else as formatDuration (`2天1小时`). */
export function formatGap(ms: number, t: Translate): string {
  const total = Math.round(Math.abs(ms) / 1000);
  if (total >= 3600) return formatDuration(ms, t);
  const m = Math.floor(total / 60);
  const s = total % 60;
  const parts = [m > 0 ? t('dur.m', { n: m }) : '', s > 0 || m === 0 ? t('why.dur.s', { n: s }) : ''];
  return parts.filter(Boolean).join(t('dur.sep'));
}

const ms = (iso: unknown) => (typeof iso === 'string' ? Date.parse(iso) : NaN);

/** The earliest (or latest) evidence event of these types sharing `key` with `of`. */
function related(
  evidence: readonly PoliceEvent[],
  of: PoliceEvent,
  key: 'session_id' | 'case_id',
  types: readonly EventType[],
  pick: 'earliest' | 'latest',
): PoliceEvent | undefined {
  const hits = evidence
    .filter((e) => types.includes(e.type) && e[key] !== undefined && e[key] === of[key])
    .sort((a, b) => ms(a.occurred_at) - ms(b.occurred_at));
  return pick === 'earliest' ? hits[0] : hits[hits.length - 1];
}

type Explain = (trigger: PoliceEvent, evidence: readonly PoliceEvent[], t: Translate, zone: string) => string;

const recording: Explain = (rec, evidence, t, zone) => {
  const out: string[] = [];
  const start = related(evidence, rec, 'session_id', ['interrogation.started'], 'earliest');
  const end = related(evidence, rec, 'session_id', ['interrogation.ended'], 'latest');
  const recStart = ms(rec.attrs?.started_at);
  const recEnd = ms(rec.attrs?.ended_at);
  if (start && recStart > ms(start.occurred_at))
    out.push(
      t('why.recLateStart', {
        gap: formatGap(recStart - ms(start.occurred_at), t),
        began: formatDateTime(start.occurred_at, zone),
        rec: formatDateTime(recStart, zone),
      }),
    );
  if (end && recEnd < ms(end.occurred_at))
    out.push(
      t('why.recEarlyEnd', {
        gap: formatGap(ms(end.occurred_at) - recEnd, t),
        ended: formatDateTime(end.occurred_at, zone),
        rec: formatDateTime(recEnd, zone),
      }),
    );
  return out.length > 0 ? out.join(t('why.sep')) : t('why.recIncomplete');
};

const seizure: Explain = (seized, evidence, t, zone) => {
  const opened = related(evidence, seized, 'case_id', ['case.filed', 'case.accepted'], 'earliest');
  const at = formatDateTime(seized.occurred_at, zone);
  if (opened && ms(opened.occurred_at) > ms(seized.occurred_at))
    return t('why.seizedBefore', {
      gap: formatGap(ms(opened.occurred_at) - ms(seized.occurred_at), t),
      seized: at,
      opened: formatDateTime(opened.occurred_at, zone),
    });
  return t('why.seizedNoCase', { seized: at });
};

const EXPLAIN: Record<string, Explain> = {
  'R-REC-08': recording,
  'R-PRO-01': seizure,
  'R-LAW-01': (e, _ev, t, zone) => t('why.noReview', { at: formatDateTime(e.occurred_at, zone) }),
  'R-PER-19': (e, _ev, t) => t('why.officers', { n: e.officer_ids?.length ?? 0 }),
  'R-AUX-01': (e, _ev, t) => t('why.auxOnly', { n: e.auxiliary_ids?.length ?? 0 }),
};

/** The sentence that says what is wrong, for an alert of a condition rule. */
export function violationText(
  detail: Pick<AlertDetail, 'rule_id' | 'trigger_event_id' | 'evidence'>,
  t: Translate,
  timeZone: string,
): string {
  const trigger = detail.evidence.find((e) => e.event_id === detail.trigger_event_id);
  const explain = EXPLAIN[detail.rule_id];
  return trigger && explain ? explain(trigger, detail.evidence, t, timeZone) : t('why.general');
}
