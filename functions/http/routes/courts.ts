import { z } from '@hono/zod-openapi';
import { courtLevels } from '../../../shared/domain/roster/court';
import {
  defaultRotationGraceSeconds,
  issueCourtCredentials,
  maxRotationGraceSeconds,
  revokeCourtCredentials,
  rotateCourtCredentials,
} from '../../../shared/use-cases/roster/court-credentials';
import { getCourt, listCourts } from '../../../shared/use-cases/roster/read-courts';
import { registerCourt } from '../../../shared/use-cases/roster/register-court';
import type { HttpPorts } from '../deps';
import { created, json, jsonBody, routeGroup, secretAnswer } from './route-kit';
import { PageQuerySchema, pageOf, text } from './schemas';

const regionCode = z.string().regex(/^\d{2,6}$/, 'an administrative division code (2 to 6 digits)');

export const CourtRegistrationSchema = z
  .object({
    name: text({ min: 2, max: 100 }),
    level: z.enum(courtLevels),
    regionCode: z.string().regex(/^\d{6}$/, 'a six-digit administrative division code'),
    jurisdiction: z
      .object({
        regions: z.array(regionCode).min(1).max(500),
        caseTypes: z
          .array(text({ min: 1, max: 60 }))
          .max(100)
          .default([]),
      })
      .strict(),
    clientId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{6,128}$/, 'a Cognito app client id')
      .optional()
      .openapi({
        description:
          'an app client the court already has; leave it out and issue credentials with POST /v1/courts/{id}/credentials',
      }),
  })
  .strict()
  .openapi('CourtRegistration');

/** A court as the roster shows it (the registration, as stored, with its id). */
const CourtSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    level: z.enum(courtLevels),
    regionCode: z.string().openapi({ description: 'the six-digit division code of its seat' }),
    jurisdiction: z.object({
      regions: z.array(z.string()).openapi({ description: 'division codes it hears disputes from (prefixes)' }),
      caseTypes: z.array(z.string()).openapi({ description: 'dispute categories it hears; empty: all' }),
    }),
    clientId: z.string().optional().openapi({
      description: 'the app client by which the court calls the API (absent until credentials are issued)',
    }),
    previousClientId: z
      .string()
      .optional()
      .openapi({ description: 'after a rotation: the replaced client, still accepted' }),
    previousClientRetiresAt: z.iso
      .datetime()
      .optional()
      .openapi({ description: 'when the replaced client stops working' }),
    credentialsRevokedAt: z.iso.datetime().optional().openapi({ description: 'when the credentials were revoked' }),
    createdAt: z.iso.datetime(),
  })
  .openapi('Court');

const CourtIdParamSchema = z.object({ id: z.string().max(64) });

/** The answer that carries a secret: shown once, never stored by the platform (nor replayed for a retry). */
const CourtCredentialsSchema = z
  .object({
    courtId: z.string(),
    clientId: z.string().openapi({ description: 'the OAuth 2.0 client id; the court is recognized by it' }),
    clientSecret: z.string().openapi({ description: 'shown once: the platform keeps no copy' }),
    tokenEndpoint: z.string().openapi({ description: 'where the court obtains access tokens (client credentials)' }),
    scope: z.literal('platform/court'),
    previousClientId: z.string().optional(),
    previousClientRetiresAt: z.iso.datetime().optional(),
  })
  .openapi('CourtCredentials');

const RotationSchema = z
  .object({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(maxRotationGraceSeconds)
      .default(defaultRotationGraceSeconds)
      .openapi({ description: 'how long the old client keeps working (default a day; 0: ends now)' }),
  })
  .strict()
  .openapi('CredentialsRotation');

const RevocationSchema = z
  .object({ courtId: z.string(), revokedClientIds: z.array(z.string()), revokedAt: z.iso.datetime() })
  .openapi('CredentialsRevocation');

const secretAnswerNote =
  ' The secret is in this answer only (`Cache-Control: no-store`); a retry with the same `Idempotency-Key` is told ' +
  'the request succeeded (409 `secret_shown_once`), never shown the secret again: rotate for a new one.';

/**
 * Where new credentials can be read back: the court, which names its `clientId` (and the client a
 * rotation replaced, or the revocation). The secret itself is never readable again, so no
 * resource of its own would have anything to show that the court does not.
 */
const credentialsAt = (issued: { courtId: string }) => ({ location: `/v1/courts/${issued.courtId}` });

export function courtRoutes(deps: HttpPorts) {
  const credentials = () => {
    if (!deps.courtCredentials) throw new Error('no court credentials provider is configured');
    return { ...deps, courtCredentials: deps.courtCredentials };
  };
  const tokenEndpoint = deps.courtTokenEndpoint ?? new URL('/oauth2/token', deps.publicBaseUrl).href;
  return routeGroup('/v1/courts', 'roster')
    .operation(
      'post',
      '/',
      {
        operationId: 'registerCourt',
        summary: 'Register a court (operators)',
        request: { body: jsonBody(CourtRegistrationSchema) },
        responses: { 201: created(CourtSchema, 'registered') },
        problems: [422],
      },
      async (c) => {
        const court = await registerCourt(deps, c.get('principal'), c.req.valid('json'));
        return c.json(court, 201, { location: `/v1/courts/${court.id}` });
      },
    )
    .operation(
      'get',
      '/',
      {
        operationId: 'listCourts',
        summary: 'The roster of courts (any signed-in user)',
        request: { query: PageQuerySchema },
        responses: { 200: json(pageOf(CourtSchema).openapi('CourtPage'), 'a page of courts') },
      },
      async (c) => c.json(await listCourts(deps, c.req.valid('query')), 200),
    )
    .operation(
      'get',
      '/{id}',
      {
        operationId: 'getCourt',
        summary: 'One court',
        request: { params: CourtIdParamSchema },
        responses: { 200: json(CourtSchema, 'the court') },
      },
      async (c) => c.json(await getCourt(deps, c.req.valid('param').id), 200),
    )
    .operation(
      'post',
      '/{id}/credentials',
      {
        operationId: 'issueCourtCredentials',
        summary: "Issue a court's client credentials (operators)",
        notes:
          'Creates an OAuth 2.0 client (client credentials grant, scope `platform/court`) for the court. ' +
          'A court with working credentials: 422 `court_credentials_exist` (rotate instead).' +
          secretAnswerNote,
        request: { params: CourtIdParamSchema },
        responses: {
          201: created(CourtCredentialsSchema, 'the client id and its secret, shown once; `Location`: the court'),
        },
        problems: [422],
      },
      async (c) => {
        const issued = await issueCourtCredentials(credentials(), c.get('principal'), c.req.valid('param').id);
        return secretAnswer(
          c,
          { ...issued, tokenEndpoint, scope: 'platform/court' as const },
          201,
          credentialsAt(issued),
        );
      },
    )
    .operation(
      'post',
      '/{id}/credentials/rotation',
      {
        operationId: 'rotateCourtCredentials',
        summary: "Rotate a court's client credentials (operators)",
        notes:
          'A new client and secret now; the old client keeps working for `graceSeconds`. ' +
          'A court without working credentials: 422 `court_has_no_credentials`.' +
          secretAnswerNote,
        request: {
          params: CourtIdParamSchema,
          body: { required: false, content: { 'application/json': { schema: RotationSchema } } },
        },
        responses: {
          201: created(CourtCredentialsSchema, 'the new client id and its secret, shown once; `Location`: the court'),
        },
        problems: [422],
      },
      async (c) => {
        const body = (c.req.header('content-type') ? c.req.valid('json') : undefined) ?? RotationSchema.parse({});
        const issued = await rotateCourtCredentials(
          credentials(),
          c.get('principal'),
          c.req.valid('param').id,
          body.graceSeconds,
        );
        return secretAnswer(
          c,
          { ...issued, tokenEndpoint, scope: 'platform/court' as const },
          201,
          credentialsAt(issued),
        );
      },
    )
    .operation(
      'post',
      '/{id}/credentials/revocation',
      {
        operationId: 'revokeCourtCredentials',
        summary: "Revoke a court's client credentials at once (operators)",
        notes:
          'Deletes every client of the court: no new token, and tokens already issued are refused on ' +
          'their next request. A court without working credentials: 422 `court_has_no_credentials`.',
        request: { params: CourtIdParamSchema },
        responses: { 200: json(RevocationSchema, 'the clients revoked') },
        problems: [422],
      },
      async (c) =>
        c.json(await revokeCourtCredentials(credentials(), c.get('principal'), c.req.valid('param').id), 200),
    );
}
