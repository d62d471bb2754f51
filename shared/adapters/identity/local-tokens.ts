import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import type { Principal, Role } from '../../domain/principal';
import type { Authenticator, Credentials } from '../../ports/authenticator';
import { courtScope, principalFromClaims } from './cognito-claims';

export const localIssuer = 'urn:platform:local-cognito';
export const localAudience = 'platform-local';

/** The local signing key pair, as kept under .data/ (JWK with the private part). */
export type LocalSigningKey = JWK;

export async function generateLocalSigningKey(): Promise<LocalSigningKey> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), alg: 'ES256', kid: `local-${Date.now()}` };
}

/**
 * The local stand-in for Cognito: signs tokens of the same shapes Cognito issues (people with `sub`
 * and `cognito:groups`, courts with `client_id` and the court scope) and verifies them with jose,
 * then maps them with the same `principalFromClaims` that runs in AWS.
 */
export class LocalTokens implements Authenticator {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly kid: string,
  ) {}

  static async fromKey(jwk: LocalSigningKey): Promise<LocalTokens> {
    const { d: _private, ...publicJwk } = jwk;
    const privateKey = (await importJWK(jwk, 'ES256')) as CryptoKey;
    const publicKey = (await importJWK(publicJwk, 'ES256')) as CryptoKey;
    return new LocalTokens(privateKey, publicKey, jwk.kid ?? 'local');
  }

  async sign(role: Role, subjectId: string, lifetime = '12h'): Promise<string> {
    const claims =
      role === 'court'
        ? { client_id: subjectId, scope: courtScope, token_use: 'access' }
        : { 'cognito:groups': [role], token_use: 'access', client_id: localAudience };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.kid })
      .setSubject(subjectId)
      .setIssuer(localIssuer)
      .setAudience(localAudience)
      .setIssuedAt()
      .setExpirationTime(lifetime)
      .sign(this.privateKey);
  }

  async authenticate({ authorization }: Credentials): Promise<Principal | undefined> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: localIssuer,
        audience: localAudience,
        algorithms: ['ES256'],
      });
      return principalFromClaims(payload);
    } catch {
      return undefined; // expired, forged or malformed: all the same 401
    }
  }
}
