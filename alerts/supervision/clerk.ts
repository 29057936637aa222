/**
 * The supervision clerk: the engine's side of 督办, on the engine's own wake-ups (one wake set, one timer loop).
 *   `S|<order>`          an order's next deadline: judge it (escalate, raise SUP-OVERDUE), reschedule.
 *   `P|<policy>|<alert>` a policy's waiting time over: issue the automatic order if the alert still qualifies.
 * It sees every alert change the engine publishes and schedules the policies an overdue alert matches.
 */
import type { Alert, AlertChange } from '../../common/alerts.js';
import type { SupervisionPolicy } from '../../common/supervision.js';
import { targetUnit } from '../../common/supervision.js';
import type { AlertBook, WakeBook } from '../orchestrator/index.js';
import type { WakeClerk } from '../orchestrator/index.js';
import { ORDER_MEMBER_PREFIX } from '../redis/supervision-store.js';
import type { OrderWriter } from './order-writer.js';
import {
  memberPolicy,
  POLICY_MEMBER_PREFIX,
  policyFirings,
  policyMember,
  stillQualifies,
} from './policies.js';

const LEVEL_TEXT = { reminder: '提醒', order: '督办', listed: '挂牌督办' } as const;

export class SupervisionClerk implements WakeClerk {
  private readonly policies: Map<string, SupervisionPolicy>;

  constructor(
    private readonly writer: OrderWriter,
    private readonly alerts: AlertBook,
    private readonly wakes: WakeBook,
    policies: readonly SupervisionPolicy[],
  ) {
    this.policies = new Map(policies.filter((p) => p.enabled !== false).map((p) => [p.id, p]));
  }

  owns(member: string): boolean {
    return member.startsWith(ORDER_MEMBER_PREFIX) || member.startsWith(POLICY_MEMBER_PREFIX);
  }

  async wake(members: readonly string[], now: number): Promise<AlertChange[]> {
    const out: AlertChange[] = [];
    for (const m of members) {
      if (m.startsWith(ORDER_MEMBER_PREFIX)) out.push(...(await this.writer.judge(m.slice(2), now)));
      else await this.firePolicy(m, now);
    }
    return out;
  }

  async noted(changes: readonly AlertChange[]): Promise<void> {
    if (this.policies.size === 0) return;
    const wakes = new Map<string, number>();
    for (const c of changes) {
      if (c.kind !== 'raised' && c.kind !== 'escalated') continue;
      for (const f of policyFirings([...this.policies.values()], c.alert))
        wakes.set(policyMember(f.policy.id, c.alert.alert_id), f.at);
    }
    if (wakes.size > 0) await this.wakes.set(wakes);
  }

  private async firePolicy(member: string, now: number): Promise<void> {
    await this.wakes.set(new Map([[member, null]]));
    const m = memberPolicy(member);
    const policy = m && this.policies.get(m.policyId);
    if (!m || !policy) return;
    const alert = await this.alerts.get(m.alertId);
    const open = await this.writer.store.openOrderOf([m.alertId]);
    if (!alert || !stillQualifies(policy, alert, open.has(m.alertId))) return;
    await this.writer.issue(
      {
        alert_ids: [alert.alert_id],
        unit_code: targetUnit(alert.unit_code, policy.to),
        level: policy.level,
        instructions: policy.instructions ?? defaultInstructions(policy, alert),
        actor: 'system',
        auto: true,
        policy_id: policy.id,
      },
      now,
    );
  }
}

const UNIT_TEXT: Record<string, string> = { s: '秒', m: '分钟', h: '小时', d: '日' };

/** '30m' → '30分钟', '24h' → '24小时'. */
function durationText(limit: string): string {
  return `${limit.slice(0, -1)}${UNIT_TEXT[limit.slice(-1)] ?? limit.slice(-1)}`;
}

function defaultInstructions(p: SupervisionPolicy, a: Alert): string {
  const wait = p.when.unacknowledged_for
    ? `超过${durationText(p.when.unacknowledged_for)}未签收`
    : `超过${durationText(p.when.unresolved_for ?? '0s')}未办结`;
  return `系统自动${LEVEL_TEXT[p.level]}：「${a.title}」${wait}，请核查整改并反馈。`;
}
