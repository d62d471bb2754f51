import type { Principal } from '../../domain/principal';
import type { Authenticator, Credentials } from '../../ports/authenticator';
import { principalFromClaims } from './cognito-claims';

/**
 * In AWS the HTTP API's JWT authorizer has verified the token before the function runs; the claims
 * arrive in the event's request context. Public routes have no authorizer, so no claims: 401.
 */
export function apiGatewayAuthenticator(options: { partyClientIds?: readonly string[] } = {}): Authenticator {
  return {
    async authenticate({ lambdaEvent }: Credentials): Promise<Principal | undefined> {
      const claims = (lambdaEvent as { requestContext?: { authorizer?: { jwt?: { claims?: unknown } } } } | undefined)
        ?.requestContext?.authorizer?.jwt?.claims;
      return claims && typeof claims === 'object'
        ? principalFromClaims(claims as Record<string, unknown>, options)
        : undefined;
    },
  };
}
