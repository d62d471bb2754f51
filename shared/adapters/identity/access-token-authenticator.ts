import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { Principal } from '../../domain/principal';
import type { Authenticator, Credentials } from '../../ports/authenticator';
import { courtScope, principalFromClaims } from './cognito-claims';

/** Where access tokens come from: a Cognito user pool in AWS, the local issuer on the embedded stack. */
export type AccessTokenIssuer =
  | { kind: 'cognito'; userPoolIds: readonly string[] }
  | {
      kind: 'issuer';
      issuer: string;
      jwksUri: string;
      /** How the JWKS is fetched; HTTPS by default. The embedded runtime answers from its own issuer in-process. */
      fetcher?: Fetcher;
    };

export interface AccessTokenRules {
  /**
   * App clients people sign in through (the pages' clients). A person's token from any other client
   * is refused. Courts' clients are created at run time, so they cannot be listed here: a court's
   * token is accepted by this check and its client is checked against the roster on each request
   * (functions/http/middleware/authentication.ts).
   */
  peopleClientIds: readonly string[];
  /** The parties' app clients: their tokens are parties' whatever their groups (cognito-claims.ts). */
  partyClientIds?: readonly string[];
}

/**
 * Verifies bearer access tokens with `aws-jwt-verify`: signature against the issuer's JWKS (fetched
 * once, cached, fetched again for an unknown `kid`), issuer, `token_use` = `access` (ID tokens are
 * refused), expiry (a token without `exp` is refused: the library would accept it), the app client,
 * and only RS256 (`alg: none` and every other algorithm are refused by the JWKS key's `alg`).
 *
 * In AWS the verifier is `CognitoJwtVerifier` (issuer and JWKS URL derived from the pool id). The
 * local issuer is not at a Cognito URL, and `CognitoJwtVerifier` derives both from a pool id, so
 * locally the generic `JwtVerifier` runs with the local issuer and JWKS URL and the very same
 * Cognito claim check (`validateCognitoJwtFields`, which `CognitoJwtVerifier` itself calls).
 */
export class AccessTokenAuthenticator implements Authenticator {
  private readonly verify: (token: string) => Promise<JwtPayload>;
  private readonly partyClientIds: readonly string[];

  constructor(issuer: AccessTokenIssuer, rules: AccessTokenRules) {
    this.partyClientIds = rules.partyClientIds ?? [];
    const customJwtCheck = ({ payload }: { payload: JwtPayload }) => checkAccessToken(payload, rules);
    if (issuer.kind === 'cognito') {
      // One verifier for the parties', the staff's and the courts' pools: the token's issuer picks.
      const verifier = CognitoJwtVerifier.create(
        issuer.userPoolIds.map((userPoolId) => ({
          userPoolId,
          tokenUse: 'access' as const,
          // Checked by `checkAccessToken`: people against the list, courts against the roster.
          clientId: null,
          customJwtCheck,
        })),
      );
      this.verify = (token) => verifier.verify(token);
    } else {
      const verifier = JwtVerifier.create(
        {
          issuer: issuer.issuer,
          jwksUri: issuer.jwksUri,
          // Cognito access tokens carry no `aud`; the client is `client_id`, checked below.
          audience: null,
          customJwtCheck: ({ payload }) => {
            validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: null });
            customJwtCheck({ payload });
          },
        },
        issuer.fetcher ? { jwksCache: new SimpleJwksCache({ fetcher: issuer.fetcher }) } : undefined,
      );
      this.verify = (token) => verifier.verify(token);
    }
  }

  async authenticate({ authorization }: Credentials): Promise<Principal | undefined> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      return principalFromClaims(await this.verify(token), { partyClientIds: this.partyClientIds });
    } catch {
      return undefined; // forged, expired, another issuer, an ID token, malformed: all the same 401
    }
  }
}

/** The checks `aws-jwt-verify` leaves to the caller. */
function checkAccessToken(payload: JwtPayload, rules: AccessTokenRules): void {
  if (typeof payload.exp !== 'number') throw new Error('an access token must expire');
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
  if (scopes.includes(courtScope)) return;
  if (typeof payload.client_id !== 'string' || !rules.peopleClientIds.includes(payload.client_id)) {
    throw new Error('a person signs in through the pages’ app client only');
  }
}

/**
 * In Lambda: the claims API Gateway's JWT authorizer already verified, when the route has one;
 * otherwise the bearer token is verified here (pages, and routes API Gateway does not verify).
 */
export function verifiedByApiGatewayOr(apiGateway: Authenticator, bearer: Authenticator): Authenticator {
  return {
    async authenticate(credentials) {
      return (
        (await apiGateway.authenticate(credentials)) ??
        bearer.authenticate({ authorization: credentials.authorization })
      );
    },
  };
}
