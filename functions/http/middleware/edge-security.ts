import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../app-env';
import { formRefusedPage } from '../pages/form-refused-page';

/**
 * What every server-rendered page answers with, from Hono's own middleware:
 * - a Content-Security-Policy with no inline script: scripts come from this origin (the page kit's
 *   `/assets`) or carry the answer's nonce (`c.get('secureHeadersNonce')`, new for every answer);
 *   no framing (`frame-ancestors 'none'`, `X-Frame-Options: DENY`), forms to this origin only, no
 *   referrer (tokens are in the pages' paths). Styles come from this origin and, while the pages
 *   still carry their own `<style>` blocks, inline too: a style cannot run code, a script can;
 * - `Cache-Control: no-store`, since pages show personal data (a case, a served document, a queue);
 * - a form post only from this origin (Origin or Sec-Fetch-Site), on top of each form's own
 *   double-submit token.
 *
 * A header a handler set itself is kept (`overwrite: false`): a served document's stricter
 * `sandbox` policy is not replaced by the page's.
 *
 * @param publicBaseUrl the address people reach the pages at (behind a custom domain in AWS, the
 *   request's own origin may differ from the browser's).
 */
export function pageSecurity(publicBaseUrl: string): MiddlewareHandler<AppEnv>[] {
  const publicOrigin = new URL(publicBaseUrl).origin;
  return [
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'", NONCE],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
      overwrite: false,
    }),
    async (c, next) => {
      await next();
      c.res.headers.set('cache-control', 'no-store');
    },
    sameOriginForms(publicOrigin),
  ];
}

/** Hono's csrf check (Origin or Sec-Fetch-Site), answered with a page rather than a bare 403. */
function sameOriginForms(publicOrigin: string): MiddlewareHandler<AppEnv> {
  const check = csrf({ origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin });
  return async (c, next) => {
    const refused = await check(c, async () => {}).then(
      () => false,
      (error: unknown) => {
        if (error instanceof HTTPException) return true;
        throw error;
      },
    );
    if (refused) return c.html(formRefusedPage(), 403);
    await next();
  };
}

/**
 * Every other answer (the JSON API, health, the API reference): Hono's defaults, no framing, and a
 * policy that lets nothing load or run should an answer be opened as a document (the reference and
 * the proof's print page are HTML with their own `<style>`, nothing else).
 */
export const apiSecurity = secureHeaders({
  xFrameOptions: 'DENY',
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  // A served document's stricter `sandbox` policy (GET /v1/services/{id}/document) is kept.
  overwrite: false,
});

/**
 * The API's answers hold personal data (parties, addresses, proofs): no shared or browser cache
 * keeps them, unless a route said otherwise (a public key, say).
 */
export const apiNoStore = createMiddleware(async (c, next) => {
  await next();
  if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
});
