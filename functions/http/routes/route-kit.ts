import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env';
import { validationHook } from '../validation-hook';
import { LocationHeaderSchema } from './schemas';

/**
 * What every API route file builds its routes with: the sub-app, and the request and response
 * pieces that read the same on every route. Each route still spells out its method, path, roles,
 * request and responses where it is declared; only their spelling comes from here.
 */

/** A resource's sub-app: a request that breaks its schema is answered with a 400 problem naming each field. */
export const apiRoutes = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

/** A response with a JSON body. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** A 201: the new resource as JSON, and its path in `Location`. */
export const created = <T extends z.ZodType>(schema: T, description: string) => ({
  ...json(schema, description),
  headers: LocationHeaderSchema,
});

/**
 * A public route's 429: the API stage throttles every route, public ones included, and in AWS API
 * Gateway answers before the app (its own body, not problem+json).
 */
export const throttledResponse = json(
  z.object({ message: z.string() }).openapi('Throttled'),
  'too many requests: the API stage throttles every route, this one included (in AWS, API Gateway answers before the app)',
);
