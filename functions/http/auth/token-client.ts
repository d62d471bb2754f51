import * as z from '../../../shared/validation/zod-mini';
import type { PoolSignIn } from './sign-in-settings';

/** What the token endpoint answered, in the shape the session keeps. */
export interface TokenSet {
  accessToken: string;
  /** Absent on a refresh: Cognito keeps the refresh token it gave (no rotation). */
  refreshToken?: string;
  expiresIn: number;
}

/** The endpoint refused (RFC 6749 §5.2): `invalid_grant` for a used, expired or mismatched code. */
export class TokenRequestRefused extends Error {
  constructor(
    readonly error: string,
    readonly status: number,
  ) {
    super(`the token endpoint refused: ${error}`);
    this.name = 'TokenRequestRefused';
  }
}

const tokenAnswer = z.object({
  access_token: z.string().check(z.minLength(1)),
  refresh_token: z.optional(z.string().check(z.minLength(1))),
  expires_in: z.int().check(z.positive()),
  token_type: z.string(),
});

type Fetch = (request: Request) => Promise<Response>;

async function postForm(fetch: Fetch, url: string, form: Record<string, string>): Promise<Response> {
  return fetch(
    new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(5_000),
    }),
  );
}

async function tokenRequest(fetch: Fetch, pool: PoolSignIn, form: Record<string, string>): Promise<TokenSet> {
  const response = await postForm(fetch, pool.tokenUrl, { ...form, client_id: pool.clientId });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = z.object({ error: z.string() }).safeParse(body);
    throw new TokenRequestRefused(error.success ? error.data.error : 'invalid_response', response.status);
  }
  const answer = z.parseOrThrow(tokenAnswer, body);
  return {
    accessToken: answer.access_token,
    ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
    expiresIn: answer.expires_in,
  };
}

/** RFC 6749 §4.1.3 with RFC 7636 §4.5: the code and the verifier whose challenge the authorize request sent. */
export function exchangeCode(
  fetch: Fetch,
  pool: PoolSignIn,
  exchange: { code: string; verifier: string; redirectUri: string },
): Promise<TokenSet> {
  return tokenRequest(fetch, pool, {
    grant_type: 'authorization_code',
    code: exchange.code,
    redirect_uri: exchange.redirectUri,
    code_verifier: exchange.verifier,
  });
}

/** RFC 6749 §6. */
export function refreshTokens(fetch: Fetch, pool: PoolSignIn, refreshToken: string): Promise<TokenSet> {
  return tokenRequest(fetch, pool, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** RFC 7009 (Cognito's /oauth2/revoke): the refresh token and the access tokens issued from it stop working. */
export async function revokeRefreshToken(fetch: Fetch, pool: PoolSignIn, refreshToken: string): Promise<boolean> {
  const response = await postForm(fetch, pool.revokeUrl, { token: refreshToken, client_id: pool.clientId });
  await response.body?.cancel();
  return response.ok;
}

/** What the pool says about the signed-in user (OpenID Connect userinfo, Cognito's `/oauth2/userInfo`). */
export interface UserInfo {
  sub: string;
  /** Only when the pool verified it (a one-time code went to it). */
  verifiedMobile?: string;
}

const userInfoAnswer = z.object({
  sub: z.string().check(z.minLength(1)),
  phone_number: z.optional(z.string()),
  phone_number_verified: z.optional(z.union([z.boolean(), z.enum(['true', 'false'])])),
});

export async function fetchUserInfo(fetch: Fetch, pool: PoolSignIn, accessToken: string): Promise<UserInfo> {
  const response = await fetch(
    new Request(pool.userInfoUrl, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(5_000),
    }),
  );
  if (!response.ok) throw new TokenRequestRefused('userinfo_refused', response.status);
  const answer = z.parseOrThrow(userInfoAnswer, await response.json());
  const verified = answer.phone_number_verified === true || answer.phone_number_verified === 'true';
  return { sub: answer.sub, ...(answer.phone_number && verified ? { verifiedMobile: answer.phone_number } : {}) };
}
