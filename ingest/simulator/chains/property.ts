/**
 * Seized property: seizure (R-PRO-01 when before filing/acceptance) → hand-over to the store (R-PRO-02) →
 * check-out and return (R-PRO-05) → disposal after the case closed (R-PRO-12, per item).
 */
import type { DISPOSAL_METHODS } from '../../../common/event-types.js';
import { DAY_MS, HOUR_MS, RULE_LIMITS } from '../ground-truth.js';
import { MINUTE, floorSec, isoCst, type Chain } from '../chain.js';

type DisposalMethod = (typeof DISPOSAL_METHODS)[number];

export interface SeizedItem {
  itemId: string;
  caseId: string;
  seizedAt: number;
}

const ITEM_NAMES = [
  '手机',
  '现金',
  '电动自行车',
  '笔记本电脑',
  '银行卡',
  '管制刀具',
  '赌具',
  '摩托车',
  '金项链',
  '监控硬盘',
];
const PURPOSES = ['鉴定', '辨认', '讯问出示', '价格认定'];

export interface SeizeOpts {
  caseId: string;
  registeredAt: number;
  /** When the case was filed / accepted: seizures must come after it (R-PRO-01). */
  decidedAt: number;
  count: number;
  /** Seizures (when lawful) happen within this long after the decision. */
  withinMs: number;
}

export function seizeItems(c: Chain, o: SeizeOpts): SeizedItem[] {
  const r = c.rng;
  const items: SeizedItem[] = [];
  for (let i = 0; i < o.count; i++) {
    const itemId = c.id('W');
    const gap = o.decidedAt - o.registeredAt;
    let seizedAt: number;
    if (gap >= 10 * MINUTE && c.violates('R-PRO-01')) {
      seizedAt = floorSec(o.registeredAt + gap * r.uniform(0.1, 0.9));
      c.recordViolation('R-PRO-01', itemId, seizedAt);
    } else {
      seizedAt = floorSec(o.decidedAt + r.early(10 * MINUTE, o.withinMs));
    }
    const police = r.chance(0.85);
    const attrs: Record<string, unknown> = { name: r.pick(ITEM_NAMES), quantity: r.int(1, 3) };
    if (!police) attrs.custody = 'third_party';
    else if (r.chance(0.5)) attrs.custody = 'police';
    const staff = c.staff(2, itemId, seizedAt);
    c.emit('property.seized', seizedAt, { item_id: itemId, case_id: o.caseId, ...staff, attrs }, 'property');
    if (police) storeAndUse(c, itemId, o.caseId, seizedAt);
    items.push({ itemId, caseId: o.caseId, seizedAt });
  }
  return items;
}

function storeAndUse(c: Chain, itemId: string, caseId: string, seizedAt: number): void {
  const r = c.rng;
  const storedAt = c.deadline({
    rule: 'R-PRO-02',
    key: itemId,
    trigger: seizedAt,
    limit: RULE_LIMITS['R-PRO-02'],
    typical: () => r.early(10 * MINUTE, 20 * HOUR_MS),
    lateBy: () => r.early(MINUTE, 5 * DAY_MS),
  });
  if (storedAt === null) return;
  c.emit('property.stored', storedAt, { item_id: itemId, case_id: caseId }, 'property');
  if (!r.chance(0.25)) return;
  const outAt = floorSec(storedAt + r.early(2 * HOUR_MS, 4 * DAY_MS));
  const dueBack = floorSec(outAt + r.uniform(4 * HOUR_MS, 3 * DAY_MS));
  const attrs = { due_back_at: isoCst(dueBack), purpose: r.pick(PURPOSES) };
  c.emit('property.checked_out', outAt, { item_id: itemId, case_id: caseId, attrs }, 'property');
  const backAt = c.deadline({
    rule: 'R-PRO-05',
    key: itemId,
    trigger: outAt,
    limit: dueBack - outAt,
    typical: () => r.early(0, (dueBack - outAt) * 0.9),
    lateBy: () => r.early(MINUTE, 3 * DAY_MS),
  });
  if (backAt !== null) c.emit('property.returned', backAt, { item_id: itemId, case_id: caseId }, 'property');
}

const METHODS: Record<'criminal' | 'administrative', readonly (readonly [DisposalMethod, number])[]> = {
  criminal: [
    ['transferred_with_case', 40],
    ['returned_to_owner', 30],
    ['confiscated', 15],
    ['destroyed', 10],
    ['auctioned', 5],
  ],
  administrative: [
    ['confiscated', 50],
    ['returned_to_owner', 35],
    ['destroyed', 15],
  ],
};

/** R-PRO-12: each item of a closed case must be disposed of within 30 days of the closure. */
export function disposeItems(
  c: Chain,
  items: readonly SeizedItem[],
  closedAt: number,
  kind: 'criminal' | 'administrative',
): void {
  const r = c.rng;
  for (const item of items) {
    const at = c.deadline({
      rule: 'R-PRO-12',
      key: item.itemId,
      trigger: closedAt,
      limit: RULE_LIMITS['R-PRO-12'],
      typical: () => (r.chance(0.4) ? r.early(HOUR_MS, 3 * DAY_MS) : r.early(3 * DAY_MS, 28 * DAY_MS)),
      lateBy: () => r.early(MINUTE, 30 * DAY_MS),
    });
    if (at === null) continue;
    const attrs = { method: r.weighted(METHODS[kind]) };
    c.emit('property.disposed', at, { item_id: item.itemId, case_id: item.caseId, attrs }, 'property');
  }
}

const PRESERVATION_OUTCOMES = [
  ['returned', 40],
  ['confiscated', 30],
  ['seized', 20],
  ['other', 10],
] as const;

/** 先行登记保存 (R-PRO-07): a decision on the preserved item within 7 working days. */
export function preserveItem(c: Chain, caseId: string, at: number): void {
  const r = c.rng;
  const itemId = c.id('W');
  const attrs = { name: r.pick(ITEM_NAMES), quantity: r.int(1, 3) };
  c.emit('property.preserved', at, { item_id: itemId, case_id: caseId, attrs }, 'property');
  const decidedAt = c.deadline({
    rule: 'R-PRO-07',
    key: itemId,
    trigger: at,
    limit: RULE_LIMITS['R-PRO-07'],
    typical: () => r.early(HOUR_MS, 8 * DAY_MS),
    lateBy: () => r.early(HOUR_MS, 10 * DAY_MS),
  });
  if (decidedAt === null) return;
  const outcome = r.weighted(PRESERVATION_OUTCOMES);
  c.emit(
    'property.preservation_decided',
    decidedAt,
    { item_id: itemId, case_id: caseId, attrs: { outcome } },
    'property',
  );
}
