import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { serveAsset } from './assets';
import { rememberLang } from './language';

/** GET /assets/{file}: the pages' stylesheet. */
export function assetRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/:file', (c) => serveAsset(c));
  return app;
}

/** GET /lang/{lang}?return=…: the language switch (no script: a link). */
export function languageRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/:lang', (c) => rememberLang(c));
  return app;
}
