import { createMiddleware } from 'hono/factory';
import type { Role } from '../../../shared/domain/principal';
import type { Authenticator } from '../../../shared/ports/authenticator';
import type { AppEnv } from '../app-env';
import { problemResponse } from '../problem';

/**
 * 401 unless the request carries a valid token that maps to a platform role. A court's token must
 * also come from a client the roster still accepts (`courtClientActive`): courts' clients are
 * created at run time, so no verifier or API Gateway authorizer can list them, and a revoked
 * client's tokens, still unexpired at Cognito, must stop working at once.
 */
export function authenticate(
  authenticator: Authenticator,
  courtClientActive: (clientId: string) => Promise<boolean> = async () => true,
) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const found = await authenticator.authenticate({
      authorization: c.req.header('authorization'),
      lambdaEvent: c.env?.event,
    });
    const principal = found?.role === 'court' && !(await courtClientActive(found.subjectId)) ? undefined : found;
    if (!principal) {
      c.header('www-authenticate', 'Bearer');
      return problemResponse(c, {
        status: 401,
        code: 'unauthenticated',
        detail: 'a valid bearer token is required',
      });
    }
    c.set('principal', principal);
    await next();
  });
}

/** 403 for a role that may never call the route (visibility of single objects is the use case's 404). */
export function allow(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!roles.includes(c.get('principal').role)) {
      return problemResponse(c, {
        status: 403,
        code: 'forbidden',
        detail: `this route is for: ${roles.join(', ')}`,
      });
    }
    await next();
  });
}
