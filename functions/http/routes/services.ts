import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { serviceSettings } from '../../../shared/use-cases/service/deps';
import {
  getServiceStatus,
  recordAlternativeService,
  serviceProof,
} from '../../../shared/use-cases/service/read-service';
import { maxDocumentBytes, requestService } from '../../../shared/use-cases/service/request-service';
import { alternativeMethods, documentKinds } from '../../../shared/use-cases/service/service-records';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { allow } from '../middleware/authentication';
import { renderServiceProofPage } from '../pages/service-proof-page';
import { problemResponse } from '../problem';
import { validationHook } from '../validation-hook';
import { IdempotencyHeaderSchema, IdParamSchema, problemResponses } from './schemas';

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

const ServiceRequestSchema = z
  .object({
    document: z
      .object({
        title: z.string().trim().min(1).max(200),
        kind: z.enum(documentKinds),
        mediaType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'a media type such as application/pdf'),
        contentBase64: z
          .string()
          .min(1)
          .regex(base64, 'base64 (RFC 4648, with padding)')
          .openapi({ description: `the document, base64; at most ${maxDocumentBytes} bytes decoded` }),
      })
      .strict(),
    recipients: z
      .array(z.object({ personId: z.string().regex(/^psn_[0-9a-f]{32}$/, 'a person id') }).strict())
      .min(1, 'at least one recipient')
      .max(100),
  })
  .strict()
  .openapi('ServiceRequest');

const RecipientStatusSchema = z.object({
  recipientId: z.string(),
  personId: z.string(),
  status: z.string(),
});
const ServiceCreatedSchema = z
  .object({
    serviceId: z.string(),
    document: z.object({
      title: z.string(),
      kind: z.string(),
      mediaType: z.string(),
      size: z.number(),
      sha256: z.string(),
    }),
    recipients: z.array(RecipientStatusSchema),
  })
  .openapi('ServiceCreated');

const AlternativeServiceSchema = z
  .object({
    recipientId: z.string().min(1).max(64),
    method: z.enum(alternativeMethods),
    reference: z.string().max(200).optional().openapi({ description: 'postal tracking number, notice reference' }),
    note: z.string().max(1000).optional(),
  })
  .strict()
  .openapi('AlternativeService');

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

const createRouteDef = createRoute({
  method: 'post',
  path: '/',
  tags: ['service'],
  summary: 'Serve a document on one or more persons (a court for parties of its cases; operators)',
  middleware: [allow('court', 'operator')] as const,
  request: {
    headers: IdempotencyHeaderSchema,
    body: { required: true, content: { 'application/json': { schema: ServiceRequestSchema } } },
  },
  responses: {
    201: {
      description: 'recorded; a ServiceDelivery workflow per recipient follows',
      content: json(ServiceCreatedSchema),
    },
    413: { description: 'the document is over 4 MB', content: { 'application/problem+json': { schema: z.any() } } },
    ...problemResponses(400, 401, 403, 404, 409, 422),
  },
});

const getRouteDef = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['service'],
  summary: 'A service with the status of each recipient',
  middleware: [allow('court', 'operator')] as const,
  request: { params: IdParamSchema },
  responses: {
    200: { description: 'the service', content: json(z.any().openapi('ServiceStatus')) },
    ...problemResponses(401, 403, 404),
  },
});

const proofRouteDef = createRoute({
  method: 'get',
  path: '/{id}/proof',
  tags: ['service'],
  summary: 'Proof of service: attempts, the rule that served, and the verified event chain (?format=html to print)',
  middleware: [allow('court', 'operator')] as const,
  request: { params: IdParamSchema, query: z.object({ format: z.enum(['json', 'html']).default('json') }) },
  responses: {
    200: {
      description: 'the proof bundle',
      content: { ...json(z.any().openapi('ProofOfService')), 'text/html': { schema: z.string() } },
    },
    ...problemResponses(400, 401, 403, 404),
  },
});

const alternativeRouteDef = createRoute({
  method: 'post',
  path: '/{id}/alternative-service',
  tags: ['service'],
  summary: 'Record post or public notice for an unserved recipient (operators; the serving court)',
  middleware: [allow('court', 'operator')] as const,
  request: {
    headers: IdempotencyHeaderSchema,
    params: IdParamSchema,
    body: { required: true, content: { 'application/json': { schema: AlternativeServiceSchema } } },
  },
  responses: {
    200: { description: 'served alternatively', content: json(RecipientStatusSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 422),
  },
});

export function serviceRoutes(deps: HttpDeps) {
  const settings = deps.service ?? serviceSettings({ publicBaseUrl: deps.publicBaseUrl });
  const serviceDeps = { ...deps, settings };
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(createRouteDef, async (c) => {
      const body = c.req.valid('json');
      // The decoded size decides: 4 MB of document is about 5.6 MB of base64.
      if (Math.floor((body.document.contentBase64.length * 3) / 4) > maxDocumentBytes + 2) {
        return problemResponse(c, {
          status: 413,
          code: 'document_too_large',
          detail: `the document is larger than ${maxDocumentBytes} bytes (4 MB)`,
          errors: [{ path: 'body.document.contentBase64', message: `at most ${maxDocumentBytes} bytes decoded` }],
        }) as never;
      }
      const content = Buffer.from(body.document.contentBase64, 'base64');
      if (content.byteLength > maxDocumentBytes) {
        return problemResponse(c, {
          status: 413,
          code: 'document_too_large',
          detail: `the document is larger than ${maxDocumentBytes} bytes (4 MB)`,
        }) as never;
      }
      const { service, recipients } = await requestService(serviceDeps, c.get('principal'), {
        document: { title: body.document.title, kind: body.document.kind, mediaType: body.document.mediaType, content },
        recipients: body.recipients,
      });
      const { title, kind, mediaType, size, sha256 } = service.document;
      return c.json(
        {
          serviceId: service.serviceId,
          document: { title, kind, mediaType, size, sha256 },
          recipients: recipients.map(({ recipientId, personId, status }) => ({ recipientId, personId, status })),
        },
        201,
        { location: `/v1/services/${service.serviceId}` },
      );
    })
    .openapi(getRouteDef, async (c) =>
      c.json(await getServiceStatus(deps, c.get('principal'), c.req.valid('param').id), 200),
    )
    .openapi(proofRouteDef, async (c) => {
      const proof = await serviceProof(deps, c.get('principal'), c.req.valid('param').id);
      if (c.req.valid('query').format === 'html') return c.html(renderServiceProofPage(proof)) as never;
      return c.json(proof, 200);
    })
    .openapi(alternativeRouteDef, async (c) => {
      const recipient = await recordAlternativeService(
        deps,
        c.get('principal'),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(
        { recipientId: recipient.recipientId, personId: recipient.personId, status: recipient.status },
        200,
      );
    });
}
