/**
 * The API document, public (it holds no data: routes, schemas and made-up examples): `GET /api/openapi.json`
 * (OpenAPI 3.1) and `GET /api/docs` (the same as a page). Both are built once per process.
 */
import { Router } from 'express';
import { docsPage } from '../openapi/docs-page.js';
import { openApiDocument } from '../openapi/document.js';

export function docsRoutes(): Router {
  const router = Router();
  let page: string | null = null;
  router.get('/api/openapi.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json(openApiDocument());
  });
  router.get('/api/docs', (_req, res) => {
    page ??= docsPage(openApiDocument());
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(page);
  });
  return router;
}
