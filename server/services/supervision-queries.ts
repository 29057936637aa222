/**
 * Reading supervision orders for the API (CONTRACT.md §6.2). Live state from Redis (every order is kept
 * there; closed ones too), history from ClickHouse `supervision_events` completed from the change stream.
 * Every answer goes through orderForReader: filtered to the reader's scope, masked for viewers.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { AuthUser } from '../../common/auth.js';
import type { SupervisionHistoryEntry } from '../../common/api.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { isOpenOrder, orderForReader } from '../../common/supervision.js';
import type { Supervision, SupervisionQuery } from '../../common/supervision.js';
import type { SupervisionStore } from '../../alerts/redis/supervision-store.js';
import type { ChangeStream } from '../../alerts/stream/change-stream.js';

export type OrderReader = Pick<AuthUser, 'role' | 'scope'>;

const OPEN_STATES = new Set(['issued', 'received', 'answered', 'returned', 'open']);

function keep(q: SupervisionQuery, unit: string): (o: Supervision) => boolean {
  return (o) =>
    o.unit_code.startsWith(unit) &&
    (q.state === undefined || (q.state === 'open' ? isOpenOrder(o) : o.state === q.state)) &&
    (q.level === undefined || o.level === q.level) &&
    (q.overdue === undefined || (q.overdue === 'any' ? o.overdue !== 'none' : o.overdue === q.overdue)) &&
    (q.alert_id === undefined || o.alert_ids.includes(q.alert_id));
}

export class SupervisionQueries {
  constructor(
    readonly store: SupervisionStore,
    private readonly changes: ChangeStream,
    private readonly clickhouse: ClickHouseClient,
  ) {}

  /** Orders matching the query within the reader's scope (`unit` narrows it), ordered by seq. */
  async list(q: SupervisionQuery, unit: string, reader: OrderReader): Promise<Supervision[]> {
    let orders: Supervision[];
    if (q.alert_id !== undefined) {
      const ids = await this.byAlert(q.alert_id);
      orders = await this.store.getMany(ids);
    } else {
      const openOnly = q.state !== undefined && OPEN_STATES.has(q.state);
      orders = await this.store.getMany(await this.store.ids({ since: q.since_seq ?? 0, openOnly }));
    }
    const seen = orders
      .filter(keep(q, unit))
      .map((o) => orderForReader(o, reader))
      .filter((o): o is Supervision => o !== null)
      .sort((a, b) => a.seq - b.seq);
    return seen.slice(-(q.limit ?? 1_000));
  }

  /** One order, or null when it does not exist; `outside` when the reader's scope does not cover it. */
  async get(id: string, reader: OrderReader): Promise<Supervision | 'outside' | null> {
    const order = await this.store.get(id);
    if (!order) return null;
    return orderForReader(order, reader) ?? 'outside';
  }

  /** The order to show with each alert (its open order, else its latest) that the reader may see. */
  async forAlerts(alertIds: readonly string[], reader: OrderReader): Promise<Map<string, Supervision>> {
    const ids = await this.store.orderOfAlerts(alertIds);
    const orders = new Map(
      (await this.store.getMany([...new Set(ids.values())])).map((o) => [o.supervision_id, o]),
    );
    const out = new Map<string, Supervision>();
    for (const [alertId, orderId] of ids) {
      const o = orders.get(orderId);
      const seen = o && orderForReader(o, reader);
      if (seen) out.set(alertId, seen);
    }
    return out;
  }

  /** Every change of an order, in order: the record, completed from the live stream. */
  async history(order: Supervision, reader: OrderReader): Promise<SupervisionHistoryEntry[]> {
    const rows = await queryRows<{
      seq: string;
      change: SupervisionHistoryEntry['kind'];
      at: string;
      actor: string;
      note: string;
    }>(
      this.clickhouse,
      `SELECT seq, change, at, actor, note FROM supervision_events
       WHERE supervision_id = {id:String} ORDER BY seq LIMIT 1 BY seq`,
      { id: order.supervision_id },
    );
    const out: SupervisionHistoryEntry[] = rows.map((r) => ({
      seq: Number(r.seq),
      kind: r.change,
      at: `${r.at.replace(' ', 'T')}Z`,
      actor: r.actor || null,
      note: r.note || null,
    }));
    const last = out.at(-1)?.seq ?? 0;
    if (last < order.seq) {
      const live = await this.changes.supervisionChangesSince(last, 100_000);
      for (const c of live)
        if (c.supervision_id === order.supervision_id)
          out.push({
            seq: c.supervision.seq,
            kind: c.kind,
            at: c.at,
            actor: c.actor ?? null,
            note: c.note ?? null,
          });
    }
    // Free text is the order's own: viewers get the steps without notes.
    return reader.role === 'viewer' ? out.map((e) => ({ ...e, note: null })) : out;
  }

  private async byAlert(alertId: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.clickhouse,
      `SELECT DISTINCT supervision_id AS id FROM supervision_events
       WHERE change = 'issued' AND has(JSONExtract(supervision, 'alert_ids', 'Array(String)'), {a:String})`,
      { a: alertId },
    ).catch(() => [] as { id: string }[]);
    const live = await this.store.orderOfAlerts([alertId]);
    return [...new Set([...rows.map((r) => r.id), ...live.values()])];
  }
}
