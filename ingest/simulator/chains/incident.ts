/**
 * The 110 incident chain: reported → dispatched → arrived → body-camera upload(s) → closed with a nature;
 * criminal and public-order natures go on to case registration (R-INC-13, R-REC-01, R-INC-01).
 */
import type { IncidentCategory } from '../../../common/event-types.js';
import { HOUR_MS, RULE_LIMITS } from '../ground-truth.js';
import { person } from '../people.js';
import { MINUTE, floorSec, isoCst, type Chain } from '../chain.js';
import { registerCase } from './case.js';

const CATEGORIES: readonly (readonly [IncidentCategory, number])[] = [
  ['dispute', 22],
  ['assistance', 18],
  ['traffic', 14],
  ['public_order', 12],
  ['criminal', 9],
  ['consultation', 7],
  ['invalid', 6],
  ['complaint', 5],
  ['other', 4],
  ['fire', 2],
];

/** Final nature after handling: mostly the reported category, sometimes reclassified. */
const RECLASSIFY: Partial<Record<IncidentCategory, readonly IncidentCategory[]>> = {
  dispute: ['public_order', 'other'],
  public_order: ['dispute', 'criminal'],
  criminal: ['public_order', 'dispute'],
  other: ['criminal', 'assistance'],
  assistance: ['other'],
};

const SUMMARY: Partial<Record<IncidentCategory, readonly string[]>> = {
  criminal: ['电动车被盗', '入室盗窃', '电信诈骗', '抢夺手机', '故意伤害'],
  public_order: ['酒后滋事', '打架斗殴', '聚众赌博', '噪音扰民', '寻衅滋事'],
  dispute: ['邻里纠纷', '家庭纠纷', '经济纠纷', '消费纠纷'],
  traffic: ['两车剐蹭', '交通堵塞', '车辆挡道'],
};

export function incidentChain(c: Chain, t0: number): void {
  const r = c.rng;
  const incidentId = c.id('J');
  const category = r.weighted(CATEGORIES);
  const caller = person(r, c.unit.code, t0);
  const attrs: Record<string, unknown> = { category, summary: r.pick(SUMMARY[category] ?? ['群众求助']) };
  if (r.chance(0.8)) attrs.phone = caller.phone;
  if (r.chance(0.6)) attrs.person_name = caller.name;
  c.emit('incident.reported', t0, { incident_id: incidentId, attrs }, '110');

  if (category === 'invalid' || category === 'consultation') {
    const closedAt = floorSec(t0 + r.uniform(2, 15) * MINUTE);
    c.emit('incident.closed', closedAt, { incident_id: incidentId, attrs: { nature: category } }, '110');
    return;
  }
  const officers = c.officers(r.chance(0.85) ? 2 : 3);
  const dispatched = floorSec(t0 + r.uniform(1, 6) * MINUTE);
  c.emit('incident.dispatched', dispatched, { incident_id: incidentId, officer_ids: officers }, '110');
  let arrived: number | undefined;
  if (r.chance(0.97)) {
    arrived = floorSec(dispatched + r.early(4, 45) * MINUTE);
    c.emit('incident.arrived', arrived, { incident_id: incidentId, officer_ids: officers }, '110');
    bodycam(c, incidentId, arrived, officers);
  }
  const closedAt = c.deadline({
    rule: 'R-INC-13',
    key: incidentId,
    trigger: dispatched,
    limit: RULE_LIMITS['R-INC-13'],
    notBefore: arrived ?? dispatched,
    typical: () => r.early(15 * MINUTE, 6 * HOUR_MS),
    lateBy: () => r.early(MINUTE, 36 * HOUR_MS),
  });
  if (closedAt === null) return;
  const alt = RECLASSIFY[category];
  const nature = alt && r.chance(0.1) ? r.pick(alt) : category;
  c.emit(
    'incident.closed',
    closedAt,
    { incident_id: incidentId, officer_ids: officers, attrs: { nature } },
    '110',
  );

  if (nature === 'criminal' || nature === 'public_order') {
    const registeredAt = c.deadline({
      rule: 'R-INC-01',
      key: incidentId,
      trigger: closedAt,
      limit: RULE_LIMITS['R-INC-01'],
      typical: () => r.early(5 * MINUTE, 20 * HOUR_MS),
    });
    if (registeredAt === null) return;
    const kind = nature === 'criminal' || r.chance(0.1) ? 'criminal' : 'administrative';
    registerCase(c, registeredAt, kind, incidentId, caller.name);
  } else if (nature === 'dispute' && r.chance(0.03)) {
    // A dispute that turned out to need a case: registered without any obligation to do so.
    registerCase(
      c,
      floorSec(closedAt + r.uniform(1, 12) * HOUR_MS),
      'administrative',
      incidentId,
      caller.name,
    );
  }
}

/** R-REC-01: one or two body-camera recordings uploaded for the incident. */
function bodycam(c: Chain, incidentId: string, arrived: number, officers: readonly string[]): void {
  const r = c.rng;
  const onScene = (): number => floorSec(arrived + r.uniform(10, 80) * MINUTE);
  const first = c.deadline({
    rule: 'R-REC-01',
    key: incidentId,
    trigger: arrived,
    limit: RULE_LIMITS['R-REC-01'],
    notBefore: arrived + 90 * MINUTE,
    typical: () => r.early(0, 18 * HOUR_MS),
  });
  if (first === null) return;
  const uploads = r.chance(0.2) ? [first, floorSec(first + r.uniform(2, 360) * MINUTE)] : [first];
  uploads.forEach((at, i) => {
    c.emit(
      'recording.uploaded',
      at,
      {
        incident_id: incidentId,
        recording_id: c.id('SP'),
        officer_ids: officers.slice(i, i + 1),
        attrs: {
          kind: 'bodycam',
          started_at: isoCst(floorSec(arrived - r.uniform(0, 180) * 1000)),
          ended_at: isoCst(onScene()),
        },
      },
      'av',
    );
  });
}
