/**
 * Who is told what, when (pure). A trigger matched by a route becomes one delivery per recipient and channel
 * (the first notification), and the route's timers: a re-notification every `renotify_every` (at most
 * `renotify_max`, default 10) and an escalation every `escalate_after`, each level one unit further up.
 *
 * Recipients (`to`): `channel:<id>` — the channel itself (a group robot, a webhook); `contact:<id>` — that
 * contact on each of its channels; `contacts:alert_unit[:role]` — the contacts whose unit prefix is the longest
 * one covering the subject's unit; `contacts:parent[:role]` — the next shorter prefix. An escalation to level m
 * goes to the contacts m prefixes further up (kind `alert.unacknowledged` for an alert; an order keeps its
 * kind), and to the `to` of every route that matches `alert.unacknowledged` for it: its `contacts:` targets
 * shifted m levels, its named channels and contacts as they are (they are on no level).
 *
 * Quiet hours delay a delivery to their end, and the route's timers count from that moment, so that a night's
 * re-notifications and escalations do not all go at once when the window ends.
 *
 * A delivery's id is (kind, subject, stage, recipient, channel): the idempotency key of "at least once, never
 * twice once delivered". Stages: `n0` the first, `r<n>` re-notification n, `e<m>` escalation level m.
 */
import type { NotifyKind, Route } from '../../common/notify.js';
import { parseDuration } from '../../common/rules.js';
import type { NotifySetup } from '../notify-file.js';
import { quietUntil } from './quiet.js';
import { subjectKey } from './triggers.js';
import type { Facts, Subject } from './triggers.js';

export interface Delivery {
  id: string;
  kind: NotifyKind;
  subject: Subject;
  renotify: number;
  escalation: number;
  channel: string;
  /** `contact:<id>` or `channel:<id>`. */
  recipient: string;
  /** Not before (quiet hours), epoch ms. */
  at: number;
}

export interface Timer {
  subject: Subject;
  kind: NotifyKind;
  /** Index of the route in the file. */
  route: number;
  step: 'r' | 'e';
  n: number;
  at: number;
  facts: Facts;
}

export interface Planned {
  deliveries: Delivery[];
  timers: Timer[];
}

const DEFAULT_RENOTIFY_MAX = 10;

export function routeMatches(route: Route, kind: NotifyKind, f: Facts): boolean {
  const m = route.match;
  if (!m.kinds.includes(kind)) return false;
  if (m.severity && (f.severity === null || !m.severity.includes(f.severity))) return false;
  if (m.rule_ids && (f.rule_id === null || !m.rule_ids.includes(f.rule_id))) return false;
  if (m.rule_prefixes && (f.rule_id === null || !m.rule_prefixes.some((p) => f.rule_id!.startsWith(p))))
    return false;
  return m.unit === undefined || f.unit_code.startsWith(m.unit);
}

/** The unit prefixes of contacts covering a unit (of a duty role, if given), longest first. */
function levels(setup: NotifySetup, unit: string, role: string | undefined): string[] {
  const prefixes = new Set<string>();
  for (const c of setup.contacts.values())
    if (unit.startsWith(c.unit) && (role === undefined || c.role === role)) prefixes.add(c.unit);
  return [...prefixes].sort((a, b) => b.length - a.length);
}

/** (channel, recipient) pairs of one `to` target, `shift` levels up the unit hierarchy (a named one: itself). */
export function recipientsOf(
  setup: NotifySetup,
  target: string,
  unit: string,
  shift: number,
): { channel: string; recipient: string }[] {
  const [kind, name, role] = target.split(':') as [string, string, string | undefined];
  if (kind === 'channel') return [{ channel: name, recipient: target }];
  const contacts =
    kind === 'contact'
      ? [setup.contacts.get(name)].filter((c) => c !== undefined)
      : (() => {
          const prefix = levels(setup, unit, role)[shift + (name === 'parent' ? 1 : 0)];
          return [...setup.contacts.values()].filter(
            (c) => c.unit === prefix && (role === undefined || c.role === role),
          );
        })();
  return contacts.flatMap((c) => c!.via.map((channel) => ({ channel, recipient: `contact:${c!.id}` })));
}

function stageOf(renotify: number, escalation: number): string {
  if (escalation > 0) return `e${escalation}`;
  return renotify > 0 ? `r${renotify}` : 'n0';
}

function deliveriesTo(
  targets: readonly string[],
  o: {
    setup: NotifySetup;
    kind: NotifyKind;
    subject: Subject;
    facts: Facts;
    renotify: number;
    escalation: number;
    at: number;
  },
): Delivery[] {
  const out = new Map<string, Delivery>();
  for (const t of targets)
    for (const r of recipientsOf(o.setup, t, o.facts.unit_code, o.escalation)) {
      const id = [
        o.kind,
        subjectKey(o.subject),
        stageOf(o.renotify, o.escalation),
        r.recipient,
        r.channel,
      ].join('|');
      out.set(id, {
        id,
        kind: o.kind,
        subject: o.subject,
        renotify: o.renotify,
        escalation: o.escalation,
        ...r,
        at: o.at,
      });
    }
  return [...out.values()];
}

const ms = (d: string | undefined): number | null => (d === undefined ? null : parseDuration(d));

/** The first notifications of a trigger, and the timers of its routes. */
export function planTrigger(
  setup: NotifySetup,
  t: { kind: NotifyKind; subject: Subject; facts: Facts; at: number },
  zone: string,
): Planned {
  const out: Planned = { deliveries: [], timers: [] };
  setup.file.routes.forEach((route, i) => {
    if (!routeMatches(route, t.kind, t.facts)) return;
    const at = quietUntil(t.at, route.quiet_hours, zone, t.facts.severity);
    out.deliveries.push(...deliveriesTo(route.to, { setup, ...t, renotify: 0, escalation: 0, at }));
    const every = ms(route.renotify_every);
    if (every) out.timers.push({ ...t, route: i, step: 'r', n: 1, at: at + every });
    const esc = ms(route.escalate_after);
    if (esc) out.timers.push({ ...t, route: i, step: 'e', n: 1, at: at + esc });
  });
  return out;
}

/** What a timer that has come due sends (its subject still needing action), and the timer after it. */
export function planTimer(setup: NotifySetup, timer: Timer, now: number, zone: string): Planned {
  const route = setup.file.routes[timer.route];
  if (!route) return { deliveries: [], timers: [] };
  const { subject, facts } = timer;
  const at = quietUntil(now, route.quiet_hours, zone, facts.severity);
  if (timer.step === 'r') {
    const deliveries = deliveriesTo(route.to, {
      setup,
      kind: timer.kind,
      subject,
      facts,
      renotify: timer.n,
      escalation: 0,
      at,
    });
    const more = timer.n < (route.renotify_max ?? DEFAULT_RENOTIFY_MAX);
    const next = { ...timer, n: timer.n + 1, at: at + (ms(route.renotify_every) ?? 0) };
    return { deliveries, timers: more ? [next] : [] };
  }
  const kind: NotifyKind = subject.type === 'a' ? 'alert.unacknowledged' : timer.kind;
  const targets = new Set(['contacts:alert_unit']);
  setup.file.routes.forEach((r) => {
    if (subject.type === 'a' && routeMatches(r, 'alert.unacknowledged', facts))
      r.to.forEach((x) => targets.add(x));
  });
  const deliveries = deliveriesTo([...targets], {
    setup,
    kind,
    subject,
    facts,
    renotify: 0,
    escalation: timer.n,
    at,
  });
  const higher = levels(setup, facts.unit_code, undefined).length > timer.n + 1;
  const next = { ...timer, n: timer.n + 1, at: at + (ms(route.escalate_after) ?? 0) };
  return { deliveries, timers: deliveries.length > 0 && higher ? [next] : [] };
}
