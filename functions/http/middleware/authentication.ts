import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { Authenticator } from '../../../shared/ports/authenticator';
import type { AppEnv } from '../app-env';
import { problemResponse } from '../problem';
import { declaredRoute } from '../route-table';

/**
 * 401 unless the request carries a valid token that maps to a platform role. A court's token must
 * also come from a client the roster still accepts (`courtClientActive`): courts' clients are
 * created at run time, so no verifier or API Gateway authorizer can list them, and a revoked
 * client's tokens, still unexpired at Cognito, must stop working at once.
 */
export function authenticate(
  authenticator: Authenticator,
  courtClientActive: (clientId: string) => Promise<boolean> = async () => true,
  /**
   * The person a party's sign-in is linked to (`person:<hash>`, shared/use-cases/people/sign-in-links.ts):
   * a linked party acts as its person on every route. Unlinked, it keeps its `sub`.
   */
  linkedParty: (sub: string) => Promise<string | undefined> = async () => undefined,
) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const found = await authenticator.authenticate({
      authorization: c.req.header('authorization'),
      lambdaEvent: c.env?.event,
    });
    const active = found?.role === 'court' && !(await courtClientActive(found.subjectId)) ? undefined : found;
    const person = active?.role === 'party' ? await linkedParty(active.subjectId) : undefined;
    const principal = active && person ? { ...active, subjectId: person } : active;
    if (!principal) {
      c.header('www-authenticate', 'Bearer');
      return problemResponse(c, {
        status: 401,
        code: 'unauthenticated',
        detail: 'a valid bearer token is required',
      });
    }
    c.set('principal', principal);
    if (active && person) c.set('signInSub', active.subjectId);
    await next();
  });
}

/**
 * 403 for a role that may never call the route (visibility of single objects is the use case's 404).
 * The roles come from the route table, looked up by the route Hono matched, so the app and API
 * Gateway read the same declaration. A route missing from the table is a programming error: it is
 * refused (500) rather than served to every role.
 */
export const allowDeclaredRoles = createMiddleware<AppEnv>(async (c, next) => {
  const handler = matchedRoutes(c).findLast((route) => route.method !== 'ALL');
  // No handler matched: the app's 404 answers.
  if (handler === undefined) return next();
  const declared = declaredRoute(c.req.method, handler.path);
  if (declared?.access !== 'bearer') {
    throw new Error(`${c.req.method} ${handler.path} is not declared as a bearer route in the route table`);
  }
  if (!declared.roles.includes(c.get('principal').role)) {
    return problemResponse(c, {
      status: 403,
      code: 'forbidden',
      detail: `this route is for: ${declared.roles.join(', ')}`,
    });
  }
  await next();
});
