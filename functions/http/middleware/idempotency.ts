import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { IdempotencyStore } from '../../../shared/ports/idempotency-store';
import type { AppEnv } from '../app-env';
import { problemResponse } from '../problem';

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const keyFormat = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on mutating requests: the first request with a key does the work and its answer
 * is kept; a retry with the same key and body gets that answer again (`Idempotent-Replayed: true`)
 * and does nothing; the same key with another body is a conflict (409 `idempotency_key_reused`, as
 * DESIGN.md says for a conflicting repeat); a retry while the first is still running is a conflict
 * (409). Keys are scoped to the caller. An answer with no lasting effect, a 5xx or a 409 from a lost
 * race (`concurrent_modification`, or `already_exists` for a create that lost), releases the key, so the retry does the work instead of being
 * told of the race forever.
 */
export function idempotency(store: IdempotencyStore) {
  // A claim left by a crash (the work done, the answer never kept) is taken over after a minute
  // and the request runs again. It commits nothing (`guard`: its first commit fails as
  // `idempotent_request_done`, 409, kept for later retries); routes that create something name it
  // after the key (`idFromIdempotencyKey`) and answer with what the first run created instead.
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (!mutating.has(c.req.method) || key === undefined) return next();
    if (!keyFormat.test(key)) {
      return problemResponse(c, {
        status: 400,
        code: 'invalid_idempotency_key',
        detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters',
      });
    }
    const principal = c.get('principal');
    const scope = principal ? `${principal.role}:${principal.subjectId}` : 'anonymous';
    const body = await c.req.text();
    const requestHash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${body}`).digest('hex');

    const claim = await store.claim(scope, key, requestHash);
    if (claim.outcome === 'replay') {
      return c.body(claim.response.body, claim.response.status as 200, {
        'content-type': claim.response.contentType,
        ...(claim.response.location ? { location: claim.response.location } : {}),
        'idempotent-replayed': 'true',
      });
    }
    if (claim.outcome === 'mismatch') {
      return problemResponse(c, {
        status: 409,
        code: 'idempotency_key_reused',
        detail: 'this Idempotency-Key was used with a different request',
      });
    }
    if (claim.outcome === 'in_progress') {
      return problemResponse(c, {
        status: 409,
        code: 'idempotent_request_in_progress',
        detail: 'a request with this Idempotency-Key is still being processed',
      });
    }

    c.set('idempotencyKey', { scope, key });
    await store.guard(scope, key, claim.run, next);
    if (await changedNothing(c.res)) {
      await store.release(scope, key, claim.run);
      return;
    }
    await store.complete(
      scope,
      key,
      claim.run,
      await answerToKeep(c.res, c.req.path, c.get('answerCarriesSecret') === true, c.get('requestId')),
    );
  });
}

/**
 * The id of what a request with this key creates (`srv_…`, shaped as the random ids): the same for
 * every run of the request, and another for every caller and key. Ids stay unguessable as long as
 * the key is; a route also checks the caller's right to what it finds, as for any id.
 */
export function idFromIdempotencyKey(prefix: string, claimed: { scope: string; key: string }): string {
  const digest = createHash('sha256').update(`idempotent-id\n${prefix}\n${claimed.scope}\n${claimed.key}`).digest();
  return `${prefix}_${digest.subarray(0, 16).toString('base64url')}`;
}

/**
 * The answer a retry will get. One that carries a secret (a court's client secret: the route says
 * so with `answerCarriesSecret`) is not kept, sealed or not: the retry learns the request
 * succeeded, and that the secret was shown once (409, as DESIGN.md answers a conflicting repeat),
 * and the work is not done twice.
 */
async function answerToKeep(
  response: Response,
  path: string,
  carriesSecret: boolean,
  /** The first request's correlation id: a retry's problem names the request that did the work. */
  correlationId: string | undefined,
) {
  if (response.ok && carriesSecret) {
    return {
      status: 409,
      body: JSON.stringify({
        type: 'https://docs.platform.example/problems/secret_shown_once',
        title: 'Conflict',
        status: 409,
        code: 'secret_shown_once',
        detail: 'the request with this Idempotency-Key succeeded; its secret was shown once and is kept nowhere',
        instance: path,
        ...(correlationId ? { correlationId } : {}),
      }),
      contentType: 'application/problem+json',
    };
  }
  const location = response.headers.get('location');
  return {
    status: response.status,
    body: await response.clone().text(),
    contentType: response.headers.get('content-type') ?? 'application/json',
    ...(location ? { location } : {}),
  };
}

/**
 * The 409s of a lost race (shared/domain/errors.ts): another write came first, so this one wrote
 * nothing. A retry must run again, against what is stored now, not be told of the race forever.
 */
const lostRaceCodes = new Set<unknown>(['concurrent_modification', 'already_exists']);

/** A server error, or a 409 that only says another write came first: the request did nothing. */
async function changedNothing(response: Response): Promise<boolean> {
  if (response.status >= 500) return true;
  if (response.status !== 409) return false;
  const problem = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { code?: unknown } | undefined;
  return lostRaceCodes.has(problem?.code);
}
