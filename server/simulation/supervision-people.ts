/**
 * Starts the simulated 督办 people of `npm start` over the assembled parts: their accounts in the auth
 * service's user store, the API's own supervision desk and audit log, the live alerts and orders.
 */
import type { Logger } from '../../common/node/logger.js';
import { guangxiUnits } from '../../ingest/simulator/guangxi-units.js';
import { hashSeed } from '../../ingest/simulator/rng.js';
import type { ApiParts } from '../assembly/api.js';
import { SimAccounts } from './sim-accounts.js';
import { SupervisionActivity } from './supervision-activity.js';

export interface SupervisionPeople {
  stop(): Promise<void>;
}

export function startSupervisionPeople(
  p: Pick<ApiParts, 'auth' | 'desk' | 'audit' | 'live'> & { logger: Logger; scale: number; seed?: number },
): SupervisionPeople {
  const names = new Map(guangxiUnits().map((u) => [u.code, u.name]));
  const activity = new SupervisionActivity({
    desk: p.desk,
    alerts: p.live.alerts,
    orders: p.live.supervisions,
    accounts: new SimAccounts(p.auth.users),
    audit: (e) => p.audit.record(e),
    logger: p.logger,
    seed: p.seed ?? hashSeed('vigil-simulated-supervision'),
    scale: p.scale,
    unitName: (code) => names.get(code),
  });
  activity.start();
  return { stop: () => activity.stop() };
}
