/**
 * The simulated 督办 people at work (`SIMULATE=1`, `SIMULATE_SUPERVISION` > 0): city managers issue orders about
 * overdue alerts, unit officers receive and answer them, managers review the answers — each as a real account
 * (sim-accounts.ts), through the same SupervisionDesk the API uses, audited like the API's actions. Who acts
 * when is decided by supervision-plan.ts and supervision-issuing.ts (pure); this loop reads the live orders
 * and alerts every tick and takes the steps that are due. Nothing of its own is stored: after a restart the
 * plans of the orders are the same (they depend only on the seed and the order).
 */
import type { Alert } from '../../common/alerts.js';
import type { AuthUser } from '../../common/auth.js';
import type { Logger } from '../../common/node/logger.js';
import { LoopControl } from '../../common/node/supervised-loop.js';
import type { Supervision } from '../../common/supervision.js';
import type { AlertBook } from '../../alerts/orchestrator/index.js';
import type { SupervisionStore } from '../../alerts/redis/supervision-store.js';
import type { DeskResult, SupervisionDesk } from '../../alerts/supervision/desk.js';
import { Rng } from '../../ingest/simulator/rng.js';
import type { AuditEntry } from '../services/audit.js';
import { chooseRound, firstRoundDelay, issuable, nextRoundDelay, tickMs } from './supervision-issuing.js';
import type { IssueChoice } from './supervision-issuing.js';
import { managerOf, planStep } from './supervision-plan.js';
import type { Persona, PlannedStep } from './supervision-plan.js';
import { answerAgainText, answerText, instructionsText, reviewNote } from './supervision-texts.js';

export interface SupervisionActivityOptions {
  desk: Pick<SupervisionDesk, 'issue' | 'receive' | 'answer' | 'review'>;
  alerts: Pick<AlertBook, 'getMany' | 'unresolvedIds'>;
  orders: Pick<SupervisionStore, 'ids' | 'getMany' | 'orderOfAlerts'>;
  accounts: { user(p: Persona): Promise<AuthUser | null> };
  audit: (entry: AuditEntry) => Promise<void>;
  logger: Logger;
  seed: number;
  /** How much faster than real time the simulated people live (60: their hour is a minute). */
  scale: number;
  /** The simulated units' code prefix (Guangxi: '45'). */
  province?: string;
  unitName?: (code: string) => string | undefined;
  now?: () => number;
}

type Act = { result: DeskResult; note: string };

export class SupervisionActivity {
  private readonly control = new LoopControl();
  private readonly now: () => number;
  private readonly province: string;
  private readonly log: Logger;
  /** The seq each order was at when a step on it was last tried: a refused step is not tried again. */
  private readonly tried = new Map<string, number>();
  private nextRound: number;
  private round = 0;
  /** Rounds that issued orders (the first few come quicker). */
  private issuedRounds = 0;
  private running: Promise<void> | null = null;

  constructor(private readonly o: SupervisionActivityOptions) {
    this.now = o.now ?? Date.now;
    this.province = o.province ?? '45';
    this.log = o.logger.child({ component: 'simulated-supervision' });
    this.nextRound = this.now() + firstRoundDelay(o.scale);
  }

  start(): void {
    const spec = { what: 'the simulated 督办 people', log: this.log, everyMs: tickMs(this.o.scale) };
    this.running = this.control.loop(spec, async () => {
      await this.tick();
      return 'wait';
    });
    this.log.info({ scale: this.o.scale }, 'simulated supervision people at work');
  }

  async stop(): Promise<void> {
    this.control.stop();
    await this.running;
  }

  /** One look: the due steps of open orders, then a round of new orders when it is time. */
  async tick(): Promise<void> {
    await this.workOrders();
    if (this.control.isRunning && this.now() >= this.nextRound) await this.issueRound();
  }

  private async workOrders(): Promise<void> {
    const orders = await this.o.orders.getMany(await this.o.orders.ids({ openOnly: true }));
    const open = new Set(orders.map((o) => o.supervision_id));
    for (const id of this.tried.keys()) if (!open.has(id)) this.tried.delete(id);
    for (const order of orders) {
      if (!this.control.isRunning) return;
      if (!order.unit_code.startsWith(this.province) || this.tried.get(order.supervision_id) === order.seq)
        continue;
      const step = planStep(order, { seed: this.o.seed, scale: this.o.scale });
      if (!step || step.at > this.now()) continue;
      this.tried.set(order.supervision_id, order.seq);
      await this.take(order, step);
    }
  }

  private async take(order: Supervision, step: PlannedStep): Promise<void> {
    const user = await this.o.accounts.user(step.by);
    if (!user) return;
    const id = order.supervision_id;
    let act: Act;
    if (step.action === 'receive') act = { result: await this.o.desk.receive(user, id), note: '' };
    else if (step.action === 'answer') act = await this.answer(user, order, step);
    else {
      const note = reviewNote(step.decision, step.pick);
      act = { result: await this.o.desk.review(user, id, { decision: step.decision, note }), note };
    }
    await this.record(user, step.action, id, act);
  }

  private async answer(
    user: AuthUser,
    order: Supervision,
    step: Extract<PlannedStep, { action: 'answer' }>,
  ): Promise<Act> {
    const alerts = step.cite ? await this.o.alerts.getMany(order.alert_ids.slice(0, 2)) : new Map();
    const events = [...alerts.values()].map((a: Alert) => a.trigger_event_id);
    const write = order.answers.length === 0 ? answerText : answerAgainText;
    const text = write(step.pick, events[0]);
    const result = await this.o.desk.answer(user, order.supervision_id, { text, event_ids: events });
    if (result.ok || events.length === 0 || result.code !== 'invalid_body') return { result, note: text };
    // A cited event not (yet) stored in the officer's scope: answer without citing.
    this.log.info({ order: order.supervision_id, events, error: result.error }, 'cited events refused');
    const plain = write(step.pick);
    return { result: await this.o.desk.answer(user, order.supervision_id, { text: plain }), note: plain };
  }

  private async issueRound(): Promise<void> {
    const rng = new Rng(this.o.seed).fork('round', this.round++);
    const found = await this.o.alerts.getMany(await this.o.alerts.unresolvedIds());
    const candidates = [...found.values()].filter((a) => issuable(a, this.province));
    const ordered = await this.o.orders.orderOfAlerts(candidates.map((a) => a.alert_id));
    const choices = chooseRound(
      candidates.filter((a) => !ordered.has(a.alert_id)),
      rng,
    );
    this.nextRound =
      this.now() +
      (choices.length > 0
        ? nextRoundDelay(rng, this.o.scale, this.issuedRounds++)
        : firstRoundDelay(this.o.scale));
    for (const c of choices) await this.issue(c, found);
  }

  private async issue(c: IssueChoice, alerts: ReadonlyMap<string, Alert>): Promise<void> {
    const user = await this.o.accounts.user(managerOf(c.unit_code));
    if (!user) return;
    const first = alerts.get(c.alert_ids[0] ?? '');
    const topic = {
      title: first?.title ?? '执法期限预警',
      count: c.alert_ids.length,
      unit: this.o.unitName?.(c.unit_code) ?? c.unit_code,
    };
    const instructions = instructionsText(c.level, topic, c.pick);
    const req = { alert_ids: c.alert_ids, unit_code: c.unit_code, level: c.level, instructions };
    const result = await this.o.desk.issue(user, req);
    const note = `${c.level} ${c.alert_ids.length} alert(s): ${instructions}`;
    await this.record(user, 'issue', result.ok ? result.order.supervision_id : c.unit_code, { result, note });
  }

  private async record(user: AuthUser, action: string, target: string, act: Act): Promise<void> {
    const outcome = act.result.ok ? 'ok' : act.result.code;
    await this.o.audit({
      at: new Date(this.now()).toISOString(),
      actor: user.username,
      role: user.role,
      action: `supervision_${action}`,
      target,
      note: act.note.slice(0, 500),
      outcome,
      ip: '',
      userAgent: 'vigil-simulator',
    });
    if (act.result.ok) this.log.debug({ actor: user.username, action, target }, 'simulated supervision step');
    else
      this.log.info({ actor: user.username, action, target, outcome }, 'simulated supervision step refused');
  }
}
