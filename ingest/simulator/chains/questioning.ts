/**
 * Questioning sessions: who questions (R-PER-19, R-AUX-01) and the synchronous recording (R-REC-07, R-REC-08).
 */
import { DAY_MS, HOUR_MS, RULE_LIMITS } from '../ground-truth.js';
import { MINUTE, SECOND, floorSec, isoCst, type Chain, type Staff } from '../chain.js';

export interface SessionOpts {
  start: number;
  personId: string;
  caseId?: string | undefined;
  recordingRequired: boolean;
  personName?: string;
}

/**
 * Who questions: two or three officers, sometimes with auxiliaries; at R-PER-19's rate a single officer (with
 * or without auxiliaries: they never make up the second person); at R-AUX-01's rate auxiliaries alone, which
 * is both an R-AUX-01 and an R-PER-19 violation.
 */
function interrogators(c: Chain, sessionId: string, at: number): Staff {
  const r = c.rng;
  if (c.violates('R-AUX-01')) {
    c.recordViolation('R-AUX-01', sessionId, at);
    c.recordViolation('R-PER-19', sessionId, at);
    return { auxiliary_ids: c.auxiliaries(r.int(1, 2)) };
  }
  const single = c.violates('R-PER-19');
  if (single) c.recordViolation('R-PER-19', sessionId, at);
  const officer_ids = c.officers(single ? 1 : r.chance(0.9) ? 2 : 3);
  const withAux = r.chance(single ? 0.5 : 0.3);
  return withAux ? { officer_ids, auxiliary_ids: c.auxiliaries(r.int(1, 2)) } : { officer_ids };
}

/** One questioning session and its recording; returns when the session ended. */
export function questioning(c: Chain, o: SessionOpts): number {
  const r = c.rng;
  const sessionId = c.id('XW');
  const caseRef = o.caseId ? { case_id: o.caseId } : {};
  const attrs: Record<string, unknown> = {};
  if (o.recordingRequired) attrs.recording_required = true;
  else if (r.chance(0.4)) attrs.recording_required = false;
  if (o.personName) attrs.person_name = o.personName;
  c.emit(
    'interrogation.started',
    o.start,
    {
      session_id: sessionId,
      person_id: o.personId,
      ...caseRef,
      ...interrogators(c, sessionId, o.start),
      attrs,
    },
    'area',
  );
  const end = floorSec(o.start + r.uniform(30, 150) * MINUTE);
  c.emit('interrogation.ended', end, { session_id: sessionId, ...caseRef }, 'area');
  const uploadedAt = c.deadline({
    rule: 'R-REC-07',
    key: sessionId,
    trigger: end,
    limit: RULE_LIMITS['R-REC-07'],
    notBefore: end + 2 * MINUTE,
    typical: () => r.early(0, 12 * HOUR_MS),
    lateBy: () => r.early(MINUTE, 3 * DAY_MS),
  });
  if (uploadedAt === null) return end;
  let from = floorSec(o.start - r.uniform(0, 120) * SECOND);
  let to = floorSec(end + r.uniform(0, 120) * SECOND);
  if (r.chance(0.1)) [from, to] = [o.start, end];
  if (c.violates('R-REC-08')) {
    if (r.chance(0.5)) from = floorSec(o.start + r.uniform(3, 20) * MINUTE);
    else to = floorSec(end - r.uniform(5, 25) * MINUTE);
    c.recordViolation('R-REC-08', sessionId, uploadedAt);
  }
  c.emit(
    'recording.uploaded',
    uploadedAt,
    {
      recording_id: c.id('SP'),
      session_id: sessionId,
      ...caseRef,
      attrs: { kind: 'interrogation', started_at: isoCst(from), ended_at: isoCst(to) },
    },
    'av',
  );
  return end;
}
