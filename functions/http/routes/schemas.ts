import { z } from '@hono/zod-openapi';

/** Shapes shared by many routes: problems, pagination. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    correlationId: z.string().optional(),
  })
  .openapi('Problem');

export const problemResponses = (...statuses: Array<400 | 401 | 403 | 404 | 409 | 422>) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: 'a problem (RFC 9457)', content: { 'application/problem+json': { schema: ProblemSchema } } },
    ]),
  );

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25).openapi({ description: 'page size' }),
  cursor: z.string().max(2048).optional().openapi({ description: 'from the previous page' }),
});

export const IdempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .max(255)
    .optional()
    .openapi({ description: 'retries with the same key and body return the first answer and do nothing' }),
});

export const IdParamSchema = z.object({ id: z.string().min(1).max(64) });

/** An administrative division code (GB/T 2260): 2, 4 or 6 digits, a prefix covering what is inside. */
export const RegionCodeSchema = z
  .string()
  .regex(/^\d{2}(\d{2}){0,2}$/, 'an administrative division code of 2, 4 or 6 digits');

/** A calendar date (Asia/Shanghai), YYYY-MM-DD. */
export const DateSchema = z.iso.date();
