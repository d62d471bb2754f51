import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { maxDocumentBytes } from '../../../shared/use-cases/service/request-service';
import type { AppEnv } from '../app-env';
import { problemResponse } from '../problem';

const kib = 1024;

/** The one request that carries a document: base64 grows it by a third, plus the JSON around it. */
const documentRequestBytes = Math.ceil((maxDocumentBytes * 4) / 3) + 64 * kib;
/** Every other request body (filings, terms, forms): generous for what they hold, small for a flood. */
const ordinaryRequestBytes = 256 * kib;

const tooLarge = (c: Context) =>
  problemResponse(c, {
    status: 413,
    code: 'body_too_large',
    detail: 'the request body is larger than this route accepts',
  });

const documentLimit = bodyLimit({ maxSize: documentRequestBytes, onError: tooLarge });
const ordinaryLimit = bodyLimit({ maxSize: ordinaryRequestBytes, onError: tooLarge });

/**
 * Hono's body limit on every request, read before any handler parses the body: the document
 * upload of `POST /v1/services` gets room for a 4 MB document, everything else 256 KB.
 */
export const bodyLimits = createMiddleware<AppEnv>((c, next) =>
  c.req.method === 'POST' && c.req.path === '/v1/services' ? documentLimit(c, next) : ordinaryLimit(c, next),
);
