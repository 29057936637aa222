/** `npm run bench -- [ingest|alerts|live|sources|hostile|supervision|notify|dossier|assessment|notify-outage|report] [--events N]`: runs the named scenarios (all but the named-only ones when none is named). */
import { parseArgs } from 'node:util';
import { benchAlerts } from './alerts.bench.js';
import { benchAssessment } from './assessment.bench.js';
import { benchHostile } from './hostile.bench.js';
import { benchDossier } from './dossier.bench.js';
import { benchIngest } from './ingest.bench.js';
import { benchLive } from './live.bench.js';
import { benchNotify } from './notify.bench.js';
import { benchNotifyOutage } from './notify-outage.bench.js';
import { benchReport } from './report.bench.js';
import { benchSources } from './sources.bench.js';
import { benchSupervision } from './supervision.bench.js';

const SCENARIOS: Record<string, (opts: { events?: number }) => Promise<void>> = {
  ingest: (o) => benchIngest(o),
  alerts: (o) => benchAlerts(o),
  live: (o) => benchLive(o),
  sources: (o) => benchSources(o),
  hostile: () => benchHostile(),
  supervision: (o) => benchSupervision(o),
  notify: (o) => benchNotify(o),
  dossier: (o) => benchDossier(o),
  assessment: (o) => benchAssessment(o),
};
/** Named only (they take their own length of real time): not run by `npm run bench` alone. */
const NAMED_ONLY: Record<string, (opts: { events?: number }) => Promise<void>> = {
  'notify-outage': () => benchNotifyOutage(),
  report: (o) => benchReport(o),
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { events: { type: 'string' } },
});
const names = positionals.length > 0 ? positionals : Object.keys(SCENARIOS);
for (const name of names) {
  const scenario = SCENARIOS[name] ?? NAMED_ONLY[name];
  if (!scenario) {
    console.error(
      `unknown scenario ${name}; known: ${[...Object.keys(SCENARIOS), ...Object.keys(NAMED_ONLY)].join(', ')}`,
    );
    process.exit(2);
  }
  await scenario(values.events ? { events: Number(values.events) } : {});
}
process.exit(0);
