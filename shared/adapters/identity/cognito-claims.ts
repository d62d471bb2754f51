import type { Principal, Role } from '../../domain/principal';

/** The OAuth scope that marks a court's client-credentials app client. */
export const courtScope = 'platform/court';

/** Roles a person can hold through `cognito:groups`, strongest first (a court is never a person). */
const personRoles: readonly Role[] = ['operator', 'mediator', 'party'];

/**
 * Maps the claims of a verified Cognito token to the caller. People carry `sub` and
 * `cognito:groups`; a court's client-credentials token carries its `client_id` and the court
 * scope. API Gateway's JWT authorizer hands claims over as strings (`"[operator mediator]"`, a
 * space-separated scope), so both the array and the string forms are read.
 *
 * A token from the parties' app client (`partyClientIds`) is a party's, whatever its groups:
 * parties sign themselves up and are in no group, and no group can raise a party to staff.
 */
export function principalFromClaims(
  claims: Record<string, unknown>,
  options: { partyClientIds?: readonly string[] } = {},
): Principal | undefined {
  const sub = claims.sub;
  if (typeof claims.client_id === 'string' && options.partyClientIds?.includes(claims.client_id)) {
    return typeof sub === 'string' && sub.length > 0 ? { role: 'party', subjectId: sub } : undefined;
  }
  const groups = listClaim(claims['cognito:groups']);
  if (groups.length > 0) {
    const role = personRoles.find((candidate) => groups.includes(candidate));
    return role && typeof sub === 'string' && sub.length > 0 ? { role, subjectId: sub } : undefined;
  }
  const clientId = claims.client_id;
  if (listClaim(claims.scope).includes(courtScope) && typeof clientId === 'string' && clientId.length > 0) {
    return { role: 'court', subjectId: clientId };
  }
  return undefined;
}

function listClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((item) => item.length > 0);
}
