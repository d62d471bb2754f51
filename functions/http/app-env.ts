import type { Principal } from '../../shared/domain/principal';

/** Hono's typing of what middleware puts on the context, and of Lambda's bindings. */
export interface AppEnv {
  Variables: {
    /** The correlation id (hono/request-id, see middleware/correlation.ts). */
    requestId: string;
    principal: Principal;
    /**
     * A party's own sign-in (its token's `sub`) when it acts as the person it is linked to
     * (middleware/authentication.ts): the level of that link counts as its verified identity.
     */
    signInSub?: string;
    /** Where the request came from (middleware/client-address.ts): wrong code tries are limited per client. */
    clientAddress: string;
    /**
     * Set by a route whose answer carries a secret shown once (a court's client secret): the
     * idempotency middleware keeps no copy of it (middleware/idempotency.ts).
     */
    answerCarriesSecret?: boolean;
    /**
     * The `Idempotency-Key` this request claimed, with the caller's scope (middleware/idempotency.ts):
     * a route that creates something names it after the key, so a retry after a crash finds it.
     */
    idempotencyKey?: { scope: string; key: string };
    /** The CSP nonce of a page with its own script (hono/secure-headers' NONCE). */
    secureHeadersNonce?: string;
  };
  Bindings: {
    /** The API Gateway event, when running in Lambda (hono/aws-lambda). */
    event?: unknown;
    /** The request on the local Node server (@hono/node-server): its socket gives the client's address. */
    incoming?: { socket?: { remoteAddress?: string } };
  };
}
