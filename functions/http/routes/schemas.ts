import { z } from '@hono/zod-openapi';

/** Shapes shared by many routes: problems, pagination, deadlines, the Location of a new resource. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional().openapi({
      description:
        'facts behind the answer (the current document hash, an offer’s deadline, tries left), when there are any',
    }),
    correlationId: z.string().optional(),
  })
  .openapi('Problem');

/** What each status means on this API (DESIGN.md, Identity): one sentence per status, the same everywhere. */
const problemDescriptions = {
  400: 'the request breaks its schema (`errors` names each field), is not JSON, or carries an invalid Idempotency-Key',
  401: 'no valid bearer token',
  403: 'the caller’s role may never call this route',
  404: 'no such object, or one the caller may not see',
  409: 'a lost race, a conflicting repeat, or an Idempotency-Key reused with another request',
  413: 'the request body is too large',
  415: 'the request body is not `application/json`',
  422: 'a rule says no: `code` names the rule',
} as const;

export type ProblemStatus = keyof typeof problemDescriptions;

export const problemResponses = (...statuses: ProblemStatus[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: `a problem (RFC 9457): ${problemDescriptions[status]}`,
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );

/** The `Location` of a resource a 201 created. */
export const LocationHeaderSchema = z.object({
  location: z.string().openapi({ description: 'the path of the new resource' }),
});

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25).openapi({ description: 'page size' }),
  cursor: z.string().max(2048).optional().openapi({ description: 'from the previous page' }),
});

/** A page of a list: `cursor` is present while more pages follow. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    cursor: z.string().optional().openapi({ description: 'pass it back for the next page; absent on the last' }),
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

/** The last calendar day of a period (Asia/Shanghai) and the instant it ends (24:00 that day). */
export const DeadlineSchema = z
  .object({
    lastDay: z.string().openapi({ description: 'YYYY-MM-DD, Asia/Shanghai' }),
    endsAt: z.string().openapi({ description: 'ISO 8601 instant: the end of the last day' }),
  })
  .openapi('Deadline');

/** Money as stored: minor units (fen for CNY) and an ISO 4217 code. */
export const ClaimSchema = z.object({ amountMinor: z.number().int(), currency: z.string() }).openapi('Claim');
