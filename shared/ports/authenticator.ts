import type { Principal } from '../domain/principal';

/** What the HTTP layer knows about a request's credentials. */
export interface Credentials {
  /** The `Authorization` header, when present. */
  authorization?: string;
  /** The API Gateway event, in Lambda: its JWT authorizer has already verified the token. */
  lambdaEvent?: unknown;
}

/** Turns credentials into the caller, or `undefined` when there is no valid token (401). */
export interface Authenticator {
  authenticate(credentials: Credentials): Promise<Principal | undefined>;
}
