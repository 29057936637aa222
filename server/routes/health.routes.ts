/** `GET /api/health`: whether each component answers; `degraded` when one does not. */
import { Router } from 'express';

export type ComponentCheck = () => Promise<Record<string, unknown>>;

export function healthRoutes(checks: Record<string, ComponentCheck>): Router {
  const router = Router();
  router.get('/api/health', async (_req, res) => {
    const components: Record<string, unknown> = {};
    let ok = true;
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          components[name] = { status: 'ok', ...(await check()) };
        } catch (err) {
          ok = false;
          components[name] = { status: 'down', error: (err as Error).message.slice(0, 200) };
        }
      }),
    );
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', ...components });
  });
  return router;
}
