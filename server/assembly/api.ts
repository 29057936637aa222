/** The REST API's routers over the open parts (thin routes: validate → service → respond). */
import type { Router } from 'express';
import { queryRows } from '../../common/node/clickhouse.js';
import type { Rule } from '../../common/rules.js';
import type { Unit } from '../../common/units.js';
import type { LiveAlerts } from '../../alerts/redis/live-alerts.js';
import type { LegalClock } from '../../alerts/engine/legal-clock.js';
import { calendarHealth } from '../../alerts/redis/calendar-gaps.js';
import type { EngineRunner } from '../../alerts/redis/engine-runner.js';
import type { SourceCatalog } from '../../alerts/sources/index.js';
import type { IngestPipeline } from '../../ingest/pipeline.js';
import type { Auth } from '../auth/index.js';
import { alertsRoutes } from '../routes/alerts.routes.js';
import { authRoutes } from '../routes/auth.routes.js';
import { docsRoutes } from '../routes/docs.routes.js';
import { eventsRoutes } from '../routes/events.routes.js';
import { healthRoutes } from '../routes/health.routes.js';
import { sourcesRoutes } from '../routes/sources.routes.js';
import { statsRoutes } from '../routes/stats.routes.js';
import { usersRoutes } from '../routes/users.routes.js';
import { AlertQueries } from '../services/alert-queries.js';
import type { AuditLog } from '../services/audit.js';
import { scopedEvents } from '../services/scoped-events.js';
import type { StatsQueries } from '../services/stats-queries.js';
import type { Storage } from './storage.js';
import type { SupervisionFile } from '../../common/supervision.js';
import { SupervisionDeadlines } from '../../alerts/supervision/deadlines.js';
import { SupervisionDesk } from '../../alerts/supervision/desk.js';
import { OrderWriter } from '../../alerts/supervision/order-writer.js';
import { supervisionsRoutes } from '../routes/supervisions.routes.js';
import { notifyRoutes } from '../routes/notify.routes.js';
import { dossierRoutes } from '../routes/dossier.routes.js';
import { DossierService } from '../services/dossier/dossier-service.js';
import { OfficerFiles } from '../services/dossier/officer-file.js';
import type { NotifyService } from '../services/notify-service.js';
import { SupervisionQueries } from '../services/supervision-queries.js';
import { reportsRoutes } from '../routes/reports.routes.js';
import type { Reports } from './reports.js';
import type { AssessmentFile } from '../../common/assessment.js';
import { assessmentRoutes } from '../routes/assessment.routes.js';
import { AssessmentQueries } from '../services/assessment-queries.js';

export interface ApiParts {
  storage: Storage;
  rules: Rule[];
  sources: SourceCatalog;
  legalClock: LegalClock;
  auth: Auth;
  ingest: IngestPipeline;
  engine: EngineRunner | null;
  live: LiveAlerts;
  stats: StatsQueries;
  units: () => Promise<Unit[]>;
  /** 督办 level limits and policies (SUPERVISION_FILE). */
  supervision: SupervisionFile;
  /** 考评 weights (ASSESSMENT_FILE). */
  assessment: AssessmentFile;
  /** The unit's zone (UNIT_TIME_ZONE): order numbers are dated in it. */
  zone: string;
  /** The supervision desk (supervisionDesk below), shared with the simulated people. */
  desk: SupervisionDesk;
  audit: AuditLog;
  /** Notifications as the API sees them (disabled without NOTIFY_FILE). */
  notify: NotifyService;
  /** Reports — 通报 (CONTRACT §9): requests, records and files. */
  reports: Pick<Reports, 'service' | 'files'>;
}

/**
 * The supervision desk over the live state: people's actions on orders, cited events checked in scope. One per
 * process, shared by the API and the simulated people (server/simulation/supervision-activity.ts).
 */
export function supervisionDesk(
  p: Pick<ApiParts, 'storage' | 'legalClock' | 'live' | 'supervision' | 'zone'>,
): SupervisionDesk {
  const deadlines = new SupervisionDeadlines(p.supervision.levels, p.legalClock);
  const writer = new OrderWriter(p.live.supervisions, p.live.alerts, deadlines, p.zone);
  const events = scopedEvents(p.storage.clickhouse.client);
  return new SupervisionDesk(writer, p.live.alerts, async (user, ids) => {
    const found = await events(user).matching({ ids: [...ids], links: new Map(), limit: ids.length });
    const seen = new Set(found.events.map((e) => e.event_id));
    return ids.filter((id) => !seen.has(id));
  });
}

/** `/api/health`: each component probed (the routes give each probe its time limit). */
function healthRouter(p: ApiParts): Router {
  const clickhouse = p.storage.clickhouse;
  return healthRoutes(
    {
      clickhouse: async () => {
        await queryRows(clickhouse.client, 'SELECT 1');
        return { mode: clickhouse.embedded ? 'embedded' : 'server' };
      },
      queue: async () => ({
        ...(await p.ingest.queue.getJobCounts('waiting', 'active', 'delayed', 'failed')),
      }),
      calendar: async () => calendarHealth(await p.live.calendarGaps(), p.legalClock),
      alerts: async () => ({
        seq: await p.live.changes.currentSeq(),
        unresolved: (await p.live.alerts.unresolvedIds()).length,
        ...(p.engine ? { feed_lag: await p.engine.lag(), recorded_seq: await p.engine.recordedSeq() } : {}),
      }),
    },
    { authenticate: p.auth.authenticate, ingestToken: p.storage.secrets.ingestToken },
  );
}

export function apiRouters(p: ApiParts): Router[] {
  const clickhouse = p.storage.clickhouse;
  const unitMap = async () => new Map((await p.units()).map((u) => [u.code, u]));
  const audit = p.audit;
  const orders = new SupervisionQueries(p.live.supervisions, p.live.changes, clickhouse.client);
  return [
    healthRouter(p),
    eventsRoutes({ sink: p.ingest.sink, ingestToken: p.storage.secrets.ingestToken }),
    docsRoutes(),
    authRoutes(p.auth),
    usersRoutes(p.auth, audit),
    alertsRoutes({
      authenticate: p.auth.authenticate,
      queries: new AlertQueries(p.live.alerts, p.live.changes, clickhouse.client),
      events: scopedEvents(clickhouse.client),
      desk: p.live.desk,
      audit,
      orders,
    }),
    supervisionsRoutes({
      authenticate: p.auth.authenticate,
      queries: orders,
      alerts: p.live.alerts,
      desk: p.desk,
      audit,
      units: unitMap,
    }),
    statsRoutes({ authenticate: p.auth.authenticate, stats: p.stats, units: p.units, rules: p.rules }),
    notifyRoutes({ authenticate: p.auth.authenticate, notify: p.notify, audit }),
    reportsRoutes({
      authenticate: p.auth.authenticate,
      reports: p.reports.service,
      files: p.reports.files,
      audit,
    }),
    assessmentRoutes({
      authenticate: p.auth.authenticate,
      assessment: new AssessmentQueries(
        clickhouse.client,
        () => p.assessment,
        unitMap,
        async () => orders.store.getMany(await orders.store.ids({})),
      ),
    }),
    dossierRoutes({
      authenticate: p.auth.authenticate,
      dossiers: new DossierService(
        clickhouse.client,
        scopedEvents(clickhouse.client),
        p.live.alerts,
        orders,
        p.rules,
      ),
      officers: new OfficerFiles(clickhouse.client, orders),
    }),
    sourcesRoutes({
      authenticate: p.auth.authenticate,
      ingestToken: p.storage.secrets.ingestToken,
      catalog: p.sources,
      store: p.live.sources,
      units: unitMap,
    }),
  ];
}
