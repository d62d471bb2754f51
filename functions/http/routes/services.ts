import { z } from '@hono/zod-openapi';
import { messageStatuses } from '../../../shared/domain/message-delivery';
import { alternativeMethods, recipientStatuses } from '../../../shared/domain/service/recipient';
import { documentKinds } from '../../../shared/domain/service/service';
import { chainProofReaderOf } from '../../../shared/use-cases/proof/read-chain-proof';
import { serviceSettings } from '../../../shared/use-cases/service/deps';
import { getServiceStatus, recordAlternativeService } from '../../../shared/use-cases/service/read-service';
import {
  maxDocumentBytes,
  maxRecipientsPerService,
  requestService,
} from '../../../shared/use-cases/service/request-service';
import { retryRecipient } from '../../../shared/use-cases/service/resume-recipient';
import {
  offerServiceUpload,
  readServedDocument,
  serveUploadedDocument,
} from '../../../shared/use-cases/service/service-documents';
import { serviceProof } from '../../../shared/use-cases/service/service-proof';
import type { HttpDeps } from '../deps';
import { idFromIdempotencyKey } from '../middleware/idempotency';
import { renderServiceProofPage } from '../pages/service-proof-page';
import { problemResponse } from '../problem';
import { DocumentUploadRequestSchema, UploadedDocumentReferenceSchema, UploadOfferSchema } from './document-uploads';
import { created, json, jsonBody, routeGroup } from './route-kit';
import { IdParamSchema, text } from './schemas';

/**
 * RFC 4648 base64 with its padding; whole groups of four (checked apart, by length: a pattern of
 * groups overflows the regex engine's stack on megabytes), so every character decodes (`A` alone
 * does not).
 */
const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

const mediaTypeSchema = z
  .string()
  .max(100)
  .regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'a media type such as application/pdf');

const InlineDocumentSchema = z
  .object({
    title: text({ min: 1, max: 200 }),
    kind: z.enum(documentKinds),
    mediaType: mediaTypeSchema,
    contentBase64: z
      .string()
      .min(4)
      .regex(base64, 'base64 (RFC 4648, with padding)')
      .refine((value) => value.length % 4 === 0, 'base64 (RFC 4648, with padding): whole groups of four characters')
      .openapi({ description: `the document, base64; at most ${maxDocumentBytes} bytes decoded` }),
  })
  .strict()
  .openapi('InlineDocument', { description: 'a small document sent in the request' });

const UploadedDocumentSchema = z
  .object({
    title: text({ min: 1, max: 200 }),
    kind: z.enum(documentKinds),
    upload: UploadedDocumentReferenceSchema,
  })
  .strict()
  .openapi('UploadedDocument', {
    description:
      'a document of up to 20 MB uploaded first (POST /v1/services/documents); its media type is the one the upload was offered for',
  });

/** A person is served once per service: a repeat is a field error at the repeat, naming the first. */
function namedOnce(recipients: Array<{ personId: string }>, ctx: z.RefinementCtx): void {
  const first = new Map<string, number>();
  recipients.forEach(({ personId }, index) => {
    const earlier = first.get(personId);
    if (earlier === undefined) first.set(personId, index);
    else {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'personId'],
        message: `this person is already a recipient (recipients.${earlier})`,
      });
    }
  });
}

const ServiceRequestSchema = z
  .object({
    document: z.union([InlineDocumentSchema, UploadedDocumentSchema]),
    recipients: z
      .array(z.object({ personId: z.string().regex(/^psn_[0-9a-f]{32}$/, 'a person id') }).strict())
      .min(1, 'at least one recipient')
      // Recipients are written in chunks (a DynamoDB transaction takes 100 items at most), so the
      // bound is what one court order reasonably serves at once and one item can list.
      .max(maxRecipientsPerService, `at most ${maxRecipientsPerService} recipients in one service`)
      .superRefine(namedOnce),
    language: z
      .enum(['zh', 'en'])
      .optional()
      .openapi({ description: 'the language of the SMS texts (emails carry both); Chinese when absent' }),
  })
  .strict()
  .openapi('ServiceRequest');

const RecipientStatusSchema = z
  .object({
    recipientId: z.string(),
    personId: z.string(),
    status: z.enum(recipientStatuses),
  })
  .openapi('RecipientStatus');

const ServedDocumentSchema = z
  .object({
    title: z.string(),
    kind: z.enum(documentKinds),
    mediaType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
  })
  .openapi('ServedDocument');

const ServiceCreatedSchema = z
  .object({
    serviceId: z.string(),
    document: ServedDocumentSchema,
    recipients: z.array(RecipientStatusSchema),
  })
  .openapi('ServiceCreated');

const AlternativeRecordSchema = z
  .object({
    method: z.enum(alternativeMethods),
    at: z.string(),
    recordedBy: z.object({ role: z.string(), subjectId: z.string() }),
    reference: z.string().optional(),
    note: z.string().optional(),
  })
  .openapi('AlternativeServiceRecord');

const outcomeSchema = z.enum(['delivered', 'acknowledged', 'hard_bounce', 'soft_bounce', 'no_receipt', 'unknown']);

const ServiceStatusSchema = z
  .object({
    serviceId: z.string(),
    issuer: z
      .string()
      .openapi({ description: "who the messages say the document is from: the court's name, or the platform's" }),
    document: ServedDocumentSchema,
    createdAt: z.string(),
    recipients: z.array(
      z.object({
        recipientId: z.string(),
        personId: z.string(),
        status: z.enum(recipientStatuses),
        servedAt: z.string().optional(),
        rule: z.string().optional().openapi({ description: 'the rule that made the recipient served' }),
        noticedAt: z.string().optional().openapi({
          description:
            'actual notice beside legal service: the first time the recipient opened or signed for the document',
        }),
        unservedReason: z.string().optional(),
        alternative: AlternativeRecordSchema.optional(),
        attempts: z.array(
          z.object({
            attemptNo: z.number().int(),
            channel: z.enum(['sms', 'email']),
            address: z.string().openapi({ description: 'masked' }),
            reference: z.string().openapi({ description: 'the reference code printed in the message (GET /verify)' }),
            messageStatus: z.enum(messageStatuses),
            sentAt: z.string().optional(),
            deliveredAt: z.string().optional(),
            acknowledgedAt: z.string().optional(),
            openedAt: z.string().optional(),
            purpose: z
              .literal('notice_reminder')
              .optional()
              .openapi({ description: 'a reminder after legal service, not a service attempt' }),
            outcome: outcomeSchema.optional(),
          }),
        ),
      }),
    ),
  })
  .openapi('ServiceStatus');

const CheckpointSchema = z
  .object({
    statement: z.object({
      kind: z.literal('chain-checkpoint'),
      version: z.literal(1),
      chainId: z.string(),
      seq: z.number().int(),
      hash: z.string(),
      at: z.string(),
      keyId: z.string(),
    }),
    signature: z
      .string()
      .openapi({ description: 'ECDSA P-256 SHA-256 over the canonical JSON of the statement, DER, base64' }),
  })
  .openapi('SignedCheckpoint');

/** A hash chain as a proof shows it: its events, its head, its signed checkpoints and the verification result. */
const ChainProofSchema = z
  .object({
    chainId: z.string(),
    head: z.object({ seq: z.number().int(), hash: z.string() }),
    verification: z
      .union([
        z.object({ intact: z.literal(true), length: z.number().int(), checkpointedThrough: z.number().int() }),
        z.object({
          intact: z.literal(false),
          brokenAt: z.number().int(),
          reason: z.enum([
            'sequence_gap',
            'previous_hash_mismatch',
            'content_hash_mismatch',
            'head_mismatch',
            'checkpoint_signature_invalid',
            'checkpoint_out_of_order',
            'checkpoint_mismatch',
            'checkpoint_beyond_chain',
            'recipient_head_mismatch',
          ]),
        }),
      ])
      .openapi({
        description:
          'whether the stored events still hash to the head and match every signed checkpoint; the first broken link if not',
      }),
    checkpoints: z.array(CheckpointSchema),
    events: z.array(
      z.object({
        seq: z.number().int(),
        type: z.string(),
        at: z.string(),
        actor: z.string().openapi({ description: 'role:subjectId' }),
        data: z.record(z.string(), z.unknown()),
        prevHash: z.string(),
        hash: z.string(),
      }),
    ),
  })
  .openapi('ChainProof');

const ProofOfServiceSchema = z
  .object({
    serviceId: z.string(),
    generatedAt: z.string(),
    issuer: z.string(),
    document: ServedDocumentSchema,
    recipients: z.array(
      z.object({
        recipientId: z.string(),
        recipient: z.object({
          personId: z.string(),
          name: z.string().optional().openapi({ description: 'masked' }),
          idMasked: z.string().optional(),
        }),
        status: z.string().openapi({ description: "the recipient's status as its chain gives it" }),
        consentBasis: z.string().optional(),
        identityAssurance: z
          .string()
          .optional()
          .openapi({ description: 'the identity level the consent was given at: carrier_3f, operator_document, none' }),
        served: z.object({ at: z.string(), rule: z.string(), attemptNo: z.number().int() }).optional(),
        unserved: z.object({ at: z.string(), reason: z.string(), detail: z.string().optional() }).optional(),
        alternative: z
          .object({
            method: z.string(),
            at: z.string(),
            recordedBy: z.object({ role: z.string(), subjectId: z.string() }),
          })
          .optional(),
        discrepancies: z
          .array(z.string())
          .optional()
          .openapi({ description: "fields where the platform's recipient record disagrees with the chain" }),
        chain: ChainProofSchema.openapi({
          description: "the recipient's own chain: its attempts, deliveries, signature",
        }),
        attempts: z.array(
          z.object({
            attemptNo: z.number().int(),
            channel: z.string(),
            address: z.string().optional().openapi({ description: 'masked' }),
            sources: z
              .array(z.object({ source: z.string(), observedAt: z.string(), reference: z.string().optional() }))
              .optional(),
            consentBasis: z.string().optional(),
            reference: z.string(),
            messageId: z.string(),
            providerMessageId: z.string().optional(),
            messageStatus: z.string(),
            failureReason: z.string().optional(),
            sentAt: z.string().optional(),
            deliveredAt: z.string().optional(),
            acknowledgedAt: z.string().optional(),
            openedAt: z.string().optional(),
            purpose: z
              .string()
              .optional()
              .openapi({ description: '`notice_reminder`: a reminder after legal service' }),
            outcome: z.string().optional(),
          }),
        ),
      }),
    ),
    chain: ChainProofSchema.openapi({ description: "the service's own chain" }),
    signature: z
      .object({ keyId: z.string(), algorithm: z.literal('ECDSA_SHA_256'), value: z.string() })
      .openapi({ description: "the platform key's signature of the canonical JSON of the bundle without this member" }),
  })
  .openapi('ProofOfService');

const AlternativeServiceSchema = z
  .object({
    recipientId: z.string().min(1).max(64),
    method: z.enum(alternativeMethods),
    reference: text({ max: 200 }).optional().openapi({ description: 'postal tracking number, notice reference' }),
    note: text({ max: 1000, multiline: true }).optional(),
  })
  .strict()
  .openapi('AlternativeService');

export function serviceRoutes(deps: HttpDeps) {
  const settings = deps.service ?? serviceSettings({ publicBaseUrl: deps.publicBaseUrl });
  const serviceDeps = { ...deps, settings };
  return routeGroup('/v1/services', 'service')
    .operation(
      'post',
      '/documents',
      {
        operationId: 'uploadServiceDocument',
        summary: 'Upload a document to serve that is too large to send inline: a presigned PUT URL and its document id',
        roles: { court: 'its uploads are its own' },
        notes:
          'PUT the document (1 byte to 20 MB) to `upload.url` with `upload.headers` before `upload.expiresAt`, then serve it with `document.upload` (its id and SHA-256); the platform reads the upload back and checks both.',
        request: { body: jsonBody(DocumentUploadRequestSchema) },
        responses: { 201: json(UploadOfferSchema, 'where to PUT the document, until when') },
        problems: [404, 422],
      },
      async (c) =>
        c.json(await offerServiceUpload(serviceDeps, c.get('principal'), c.req.valid('json').mediaType), 201),
    )
    .operation(
      'get',
      '/{id}/document',
      {
        operationId: 'getServedDocument',
        summary: 'The document a service served, byte for byte (its SHA-256 in `x-document-sha256`)',
        roles: { court: 'its own services; another’s: 404' },
        request: { params: IdParamSchema },
        responses: {
          200: {
            description: 'the served bytes, in their media type',
            headers: z.object({
              'x-document-sha256': z
                .string()
                .openapi({ description: 'the SHA-256 of the body, as the proof names it' }),
            }),
            content: {
              'application/octet-stream': {
                schema: z
                  .string()
                  .openapi({ format: 'binary', description: 'the document (sent with its own media type)' }),
              },
            },
          },
        },
      },
      async (c) => {
        const document = await readServedDocument(serviceDeps, c.get('principal'), c.req.valid('param').id);
        // Never rendered in the API's origin: an attachment, sandboxed, not sniffed.
        return c.body(new Uint8Array(document.content), 200, {
          'content-type': document.mediaType,
          'content-disposition': 'attachment',
          'content-security-policy': "sandbox; default-src 'none'",
          'x-document-sha256': document.sha256,
        }) as never;
      },
    )
    .operation(
      'post',
      '/',
      {
        operationId: 'serveDocument',
        summary: 'Serve a document on one or more persons (a court for parties of its cases; operators)',
        roles: { court: 'on parties of its own cases; anyone else: 404' },
        notes: 'A ServiceDelivery workflow per recipient follows.',
        request: { body: jsonBody(ServiceRequestSchema) },
        responses: { 201: created(ServiceCreatedSchema, 'recorded; a ServiceDelivery workflow per recipient follows') },
        problems: [404, 422],
      },
      async (c) => {
        const body = c.req.valid('json');
        // Named after the Idempotency-Key, if any: a retry after a crash finds the first run's service.
        const claimed = c.get('idempotencyKey');
        const serviceId = claimed ? { serviceId: idFromIdempotencyKey('srv', claimed) } : {};
        if ('upload' in body.document) {
          const { title, kind, upload } = body.document;
          const served = await serveUploadedDocument(serviceDeps, c.get('principal'), {
            document: { title, kind, upload },
            recipients: body.recipients,
            ...serviceId,
          });
          return c.json(serviceCreated(served), 201, { location: `/v1/services/${served.service.serviceId}` });
        }
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
        const served = await requestService(serviceDeps, c.get('principal'), {
          document: {
            title: body.document.title,
            kind: body.document.kind,
            mediaType: body.document.mediaType,
            content,
          },
          recipients: body.recipients,
          language: body.language,
          ...serviceId,
        });
        return c.json(serviceCreated(served), 201, { location: `/v1/services/${served.service.serviceId}` });
      },
    )
    .operation(
      'get',
      '/{id}',
      {
        operationId: 'getService',
        summary: 'A service with the status of each recipient',
        roles: { court: 'its own services; another’s: 404' },
        request: { params: IdParamSchema },
        responses: { 200: json(ServiceStatusSchema, 'the service, addresses masked') },
      },
      async (c) => {
        const status = await getServiceStatus(deps, c.get('principal'), c.req.valid('param').id);
        // ServiceStatusView types its enums (document kind, channel, message status, outcome) as plain strings;
        // the values come from parsed records, so they are the schema's. Tighten the view and this goes.
        return c.json(status as z.infer<typeof ServiceStatusSchema>, 200);
      },
    )
    .operation(
      'get',
      '/{id}/proof',
      {
        operationId: 'getServiceProof',
        summary:
          'Proof of service: attempts, the rule that served, and the verified event chain (?format=html to print)',
        roles: { court: 'its own services; another’s: 404' },
        request: { params: IdParamSchema, query: z.object({ format: z.enum(['json', 'html']).default('json') }) },
        responses: {
          200: {
            description: 'the proof bundle: JSON, or with `format=html` a printable page',
            content: {
              'application/json': { schema: ProofOfServiceSchema },
              'text/html': { schema: z.string().openapi({ description: 'the printable page (format=html)' }) },
            },
          },
        },
      },
      async (c) => {
        // Only the service API's function carries the proof key and the checkpoints (route-groups.ts).
        if (!deps.proof) throw new Error('no proof key and checkpoints are configured');
        const proofDeps = {
          ...deps,
          ...deps.proof,
          readChainProof: chainProofReaderOf({ ...deps.proof, store: deps.store }),
        };
        const proof = await serviceProof(proofDeps, c.get('principal'), c.req.valid('param').id);
        if (c.req.valid('query').format === 'html') return c.html(renderServiceProofPage(proof)) as never;
        return c.json(proof, 200);
      },
    )
    .operation(
      'post',
      '/{id}/alternative-service',
      {
        operationId: 'recordAlternativeService',
        summary: 'Record post or public notice for an unserved recipient (operators; the serving court)',
        roles: { court: 'the serving court; another’s service: 404' },
        notes: 'Only an `unserved` recipient: else 422 `recipient_not_unserved`.',
        request: { params: IdParamSchema, body: jsonBody(AlternativeServiceSchema) },
        responses: { 200: json(RecipientStatusSchema, 'served alternatively') },
        problems: [422],
      },
      async (c) => {
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
      },
    )
    .operation(
      'post',
      '/{id}/recipients/{recipientId}/retry',
      {
        operationId: 'retryRecipient',
        summary:
          'Serve an unserved recipient again, trying every usable address in order (operators; the serving court)',
        roles: { court: 'the serving court; another’s service: 404' },
        notes:
          'Every earlier attempt stays as evidence and its link stays valid. Only an `unserved` recipient: else 422 `recipient_not_unserved`; without its consent 422 `no_consent`; without a usable address 422 `no_usable_address`. A recipient unserved for want of an address also resumes by itself when one arrives.',
        request: { params: IdParamSchema.extend({ recipientId: z.string().min(1).max(64) }) },
        responses: { 202: json(RecipientStatusSchema, 'resumed: the recipient is being served again') },
        problems: [422],
      },
      async (c) => {
        const { id, recipientId } = c.req.valid('param');
        const recipient = await retryRecipient(deps, c.get('principal'), id, recipientId);
        return c.json(
          { recipientId: recipient.recipientId, personId: recipient.personId, status: recipient.status },
          202,
        );
      },
    );
}

/** The answer to a new service: its document as stored and its recipients, planned. */
function serviceCreated({ service, recipients }: Awaited<ReturnType<typeof requestService>>) {
  const { title, kind, mediaType, size, sha256 } = service.document;
  return {
    serviceId: service.serviceId,
    document: { title, kind, mediaType, size, sha256 },
    recipients: recipients.map(({ recipientId, personId, status }) => ({ recipientId, personId, status })),
  };
}
