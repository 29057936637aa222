/**
 * Custody: a stay in the case-handling area (R-PER-16), criminal detention and the first interrogation
 * (R-PER-08), and every questioning session with its officers (R-PER-19) and its synchronous recording
 * (R-REC-07, R-REC-08).
 */
import { DAY_MS, HOUR_MS, RULE_LIMITS, STAY_LIMITS, type StayBasis } from '../ground-truth.js';
import { person } from '../people.js';
import { MINUTE, floorSec, type Chain } from '../chain.js';
import { afterDetention } from './measures.js';
import { questioning } from './questioning.js';

const STAY_EXTENSIONS: Record<StayBasis, readonly number[]> = {
  admin_questioning: [24 * HOUR_MS],
  criminal_summons: [24 * HOUR_MS],
  forced_summons: [24 * HOUR_MS],
  continued_questioning: [24 * HOUR_MS, 48 * HOUR_MS],
};

export interface StayOpts {
  at: number;
  caseId?: string;
  basis: StayBasis;
  /** Criminal detention during the stay (needs caseId). */
  detain: boolean;
  recordingRequired: boolean;
}

export function custodyStay(c: Chain, o: StayOpts): void {
  const r = c.rng;
  const personId = c.id('R');
  const stayId = c.id('RQ');
  const p = person(r, c.unit.code, o.at);
  const vulnerable = r.chance(0.05);
  const limit = vulnerable ? STAY_LIMITS.vulnerable : STAY_LIMITS[o.basis];
  const attrs: Record<string, unknown> = { basis: o.basis, person_name: p.name, id_number: p.idNumber };
  if (vulnerable) attrs.vulnerable = true;
  else if (r.chance(0.3)) attrs.vulnerable = false;
  const caseRef = o.caseId ? { case_id: o.caseId } : {};
  c.emit('area.entered', o.at, { person_id: personId, stay_id: stayId, ...caseRef, attrs }, 'area');

  let leaveAfter: number;
  const session = { personId, caseId: o.caseId, recordingRequired: o.recordingRequired, personName: p.name };
  if (o.detain) {
    if (!o.caseId) throw new Error('detention needs a case');
    const detainedAt = floorSec(o.at + r.uniform(30 * MINUTE, Math.min(3 * HOUR_MS, limit / 2)));
    const who = { person_name: p.name, id_number: p.idNumber };
    const staff = c.staff(2, personId, detainedAt);
    c.emit(
      'measure.detention',
      detainedAt,
      { person_id: personId, case_id: o.caseId, ...staff, attrs: who },
      'case',
    );
    const first = c.deadline({
      rule: 'R-PER-08',
      key: personId,
      trigger: detainedAt,
      limit: RULE_LIMITS['R-PER-08'],
      typical: () => r.early(10 * MINUTE, 20 * HOUR_MS),
      lateBy: () => r.early(MINUTE, 3 * DAY_MS),
    });
    let questionedUntil = detainedAt;
    if (first !== null) {
      questionedUntil = questioning(c, { ...session, start: first });
      if (r.chance(0.2))
        questionedUntil = questioning(c, {
          ...session,
          start: floorSec(questionedUntil + r.uniform(1, 6) * DAY_MS),
        });
    }
    // Never interrogated (R-PER-08 never): no arrest either, whose interrogation would count for R-PER-08.
    // An arrest comes after every interrogation so far (they must not count for R-PER-04).
    const suspect = { ...session, caseId: o.caseId, mayArrest: first !== null, questionedUntil };
    afterDetention(c, suspect, detainedAt);
    leaveAfter = detainedAt + 10 * MINUTE;
  } else {
    let end = questioning(c, { ...session, start: floorSec(o.at + r.uniform(10, 40) * MINUTE) });
    if (!vulnerable && r.chance(0.2)) {
      end = questioning(c, { ...session, start: floorSec(end + r.uniform(10, 30) * MINUTE) });
    }
    leaveAfter = end + 5 * MINUTE;
  }
  const leftAt = c.deadline({
    rule: 'R-PER-16',
    key: stayId,
    trigger: o.at,
    limit,
    notBefore: leaveAfter,
    typical: () => r.early(0, Math.max(MINUTE, o.at + limit - leaveAfter - 2 * MINUTE)),
    lateBy: () => r.early(MINUTE, 12 * HOUR_MS),
    extensions: vulnerable ? [] : STAY_EXTENSIONS[o.basis],
    extend: (ms, newLimit) => {
      const hours = typeof newLimit === 'number' ? newLimit / HOUR_MS : newLimit.amount * 24;
      c.emit('area.limit_extended', ms, { stay_id: stayId, attrs: { hours } }, 'area');
    },
  });
  if (leftAt !== null)
    c.emit('area.left', leftAt, { person_id: personId, stay_id: stayId, ...caseRef }, 'area');
}

/** 继续盘问: a stay on the continued-questioning basis, not tied to a case. */
export function continuedQuestioning(c: Chain, t0: number): void {
  custodyStay(c, { at: t0, basis: 'continued_questioning', detain: false, recordingRequired: false });
}
