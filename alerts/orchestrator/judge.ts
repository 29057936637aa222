/**
 * Judges obligations against their stored alerts: derive (loading what a join needs), `advance` each alert,
 * write the changes compare-and-set, and keep wake-ups and held-alert indexes in step. A write refused because
 * the alert changed meanwhile (a manual action from another process) is judged again on a fresh read.
 */
import type { Alert, AlertChange } from '../../common/alerts.js';
import { advance, refId } from '../engine/index.js';
import type { Gate, Obligation, ObligationRef, RuleIndex } from '../engine/index.js';
import { deriveRefs } from './derive-refs.js';
import type { RecordCache } from './derive-refs.js';
import { numbered } from './numbering.js';
import { refMember } from './ref-member.js';
import type { AlertWrite, EngineState } from './state.js';
import { MAX_CAS_RETRIES } from './write-alert.js';

/** What one engine step produced: the published changes and the obligations as derived now (the ledger). */
export interface EngineStep {
  changes: AlertChange[];
  obligations: Obligation[];
}

export interface JudgeContext {
  state: EngineState;
  index: RuleIndex;
  graceMs: number;
  /** BACKFILL_HORIZON_HOURS in ms (CONTRACT §6.4); absent: the default, 48 h. */
  horizonMs?: number | undefined;
  log: { error(obj: object, msg: string): void };
}

export interface JudgeOptions {
  /** Wake-up members consumed by this step (cleared unless advance asks for another). */
  popped?: ReadonlySet<string>;
  /** Marks alerts raised by this step as found this way (reconciliation). */
  foundBy?: string;
  gate?: Gate | undefined;
  /** The alerts as the caller already read them (a rebuild): the first attempt does not read them again. */
  known?: ReadonlyMap<string, Alert>;
}

interface Pending {
  ref: ObligationRef;
  id: string;
  member: string;
}

interface Planned extends Pending {
  prevHeld: string | undefined;
  nextHeld: string | undefined;
  due: number;
}

/** Held members moving between source partitions. */
class HeldMoves {
  readonly add = new Map<string, [number, string][]>();
  readonly remove = new Map<string, string[]>();

  note(p: Planned): void {
    if (p.prevHeld !== undefined && p.prevHeld !== p.nextHeld) push(this.remove, p.prevHeld, p.member);
    if (p.nextHeld !== undefined) push(this.add, p.nextHeld, [p.due, p.member]);
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Advances each pending alert (pure); records the wake-ups asked for; returns the writes and their owners. */
function plan(
  pending: readonly Pending[],
  stored: ReadonlyMap<string, Alert>,
  obligations: ReadonlyMap<string, Obligation | null>,
  now: number,
  ctx: JudgeContext,
  gate: Gate | undefined,
  wakes: Map<string, number | null>,
): { writes: AlertWrite[]; owners: Planned[] } {
  const writes: AlertWrite[] = [];
  const owners: Planned[] = [];
  for (const p of pending) {
    const prev = stored.get(p.id) ?? null;
    const o = obligations.get(p.member) ?? null;
    const step = advance(prev, o, now, ctx.graceMs, gate, ctx.horizonMs);
    wakes.set(p.member, step.wakeAt);
    if (step.changes.length === 0) continue;
    writes.push({ expectedSeq: prev?.seq ?? 0, changes: step.changes });
    owners.push({ ...p, prevHeld: prev?.held_by, nextHeld: step.alert?.held_by, due: o?.due_at ?? 0 });
  }
  return { writes, owners };
}

export async function judgeRefs(
  ctx: JudgeContext,
  refs: readonly ObligationRef[],
  cache: RecordCache,
  now: number,
  opts: JudgeOptions = {},
): Promise<EngineStep> {
  const { state } = ctx;
  const obligations = await deriveRefs(refs, cache, ctx.index, state.records);
  const wakes = new Map<string, number | null>([...(opts.popped ?? [])].map((m) => [m, null]));
  const published: AlertChange[] = [];
  const held = new HeldMoves();
  let pending: Pending[] = refs.map((ref) => ({ ref, id: refId(ref), member: refMember(ref) }));
  for (let attempt = 0; pending.length > 0 && attempt < MAX_CAS_RETRIES; attempt++) {
    const stored =
      attempt === 0 && opts.known ? opts.known : await state.alerts.getMany(pending.map((p) => p.id));
    const { writes, owners } = plan(pending, stored, obligations, now, ctx, opts.gate, wakes);
    if (opts.foundBy) {
      const raised = writes.filter((w) => w.expectedSeq === 0).map((w) => w.changes[0]!.alert_id);
      if (raised.length > 0) await state.alerts.markFoundBy(raised, opts.foundBy);
    }
    const seqs = await state.alerts.apply(writes);
    const retry: Pending[] = [];
    seqs.forEach((seq, i) => {
      const owner = owners[i]!;
      if (seq === null) return void retry.push(owner);
      published.push(...numbered(writes[i]!.changes, seq));
      held.note(owner);
    });
    pending = retry;
  }
  if (pending.length > 0) ctx.log.error({ ids: pending.map((p) => p.id) }, 'alerts kept changing');
  await state.wakes.set(wakes);
  await state.sources.updateHeld(held.add, held.remove);
  const derived = [...obligations.values()].filter((o): o is Obligation => o !== null);
  return { changes: published, obligations: derived };
}
