import { z } from '@hono/zod-openapi';
import { disputeCategories } from '../../../shared/domain/mediation/categories';
import type { Principal } from '../../../shared/domain/principal';
import { courtLevels } from '../../../shared/domain/roster/court';
import { organizationKinds } from '../../../shared/domain/roster/organization';
import { recipientStatuses } from '../../../shared/domain/service/recipient';
import { type ConfirmationRule, confirmationRuleCodes } from '../../../shared/domain/settlement/competence';
import {
  confirmationRequestForClient,
  confirmationStatuses,
  courtVisibleStatuses,
  rejectionReasons,
} from '../../../shared/domain/settlement/confirmation-request';
import { applyForConfirmation } from '../../../shared/use-cases/confirmations/apply-for-confirmation';
import {
  type CourtApplicationDeps,
  listCourtQueue,
  queueItem,
  readCourtApplication,
} from '../../../shared/use-cases/confirmations/court-applications';
import {
  answerAcceptance,
  type CourtAction,
  extendRuling,
  recordDecision,
} from '../../../shared/use-cases/confirmations/court-decisions';
import { eligibleCourts } from '../../../shared/use-cases/confirmations/eligible-courts';
import { readParticipantApplication } from '../../../shared/use-cases/confirmations/participant-application';
import { offerRulingUpload, type RulingDocumentDeps } from '../../../shared/use-cases/confirmations/ruling-documents';
import { withdrawConfirmationApplication } from '../../../shared/use-cases/confirmations/withdraw-application';
import type { HttpDeps } from '../deps';
import { DocumentUploadRequestSchema, UploadedDocumentReferenceSchema, UploadOfferSchema } from './document-uploads';
import { created, json, jsonBody, routeGroup } from './route-kit';
import { ClaimSchema, DateSchema, DeadlineSchema, IdParamSchema, PageQuerySchema, pageOf, text } from './schemas';
import { ObligationSchema, SubjectMatterSchema } from './settlements';

const ApplicationBodySchema = z
  .object({ courtId: z.string().min(1).max(64).openapi({ description: 'a competent court (see eligible-courts)' }) })
  .strict()
  .openapi('ConfirmationApplication');

const AcceptanceBodySchema = z
  .object({
    accepted: z.boolean(),
    reasons: text({ min: 1, max: 2000, multiline: true })
      .optional()
      .openapi({ description: 'required when not accepted' }),
  })
  .strict()
  .openapi('ConfirmationAcceptance');

const ExtensionBodySchema = z
  .object({ reason: text({ min: 1, max: 2000, multiline: true }).optional() })
  .strict()
  .openapi('ConfirmationExtension');

const rulingDocument = UploadedDocumentReferenceSchema.optional().openapi({
  description:
    'the court’s own ruling, uploaded first (POST /v1/confirmation-requests/{id}/documents): served on the parties byte for byte, the platform’s summary only as its cover page. Without it, the summary is served.',
});

const DecisionBodySchema = z
  .discriminatedUnion('outcome', [
    z
      .object({
        outcome: z.literal('confirmed'),
        rulingNumber: text({ min: 1, max: 100 }).openapi({ example: '(2026)粤0304民特123号' }),
        rulingDate: DateSchema,
        document: rulingDocument,
      })
      .strict(),
    z
      .object({
        outcome: z.literal('rejected'),
        reasons: z.array(z.enum(rejectionReasons)).min(1).max(rejectionReasons.length),
        text: text({ min: 1, max: 5000, multiline: true }),
        document: rulingDocument,
      })
      .strict(),
  ])
  .openapi('ConfirmationDecision');

const ServedRulingDocumentSchema = z.object({
  documentId: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
});

const confirmationRules = Object.keys(confirmationRuleCodes) as [ConfirmationRule, ...ConfirmationRule[]];
const confirmationRefusalCodes = [...new Set(Object.values(confirmationRuleCodes))] as [
  (typeof confirmationRuleCodes)[ConfirmationRule],
  ...(typeof confirmationRuleCodes)[ConfirmationRule][],
];

const LateSchema = z.boolean().openapi({ description: 'answered after its period had ended' });

const DecisionRecordSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('confirmed'),
    rulingNumber: z.string(),
    rulingDate: z.string(),
    decidedAt: z.string(),
    late: LateSchema,
    document: ServedRulingDocumentSchema.optional().openapi({ description: 'the court’s own ruling, as checked' }),
  }),
  z.object({
    outcome: z.literal('rejected'),
    reasons: z.array(z.enum(rejectionReasons)),
    text: z.string(),
    decidedAt: z.string(),
    late: LateSchema,
    document: ServedRulingDocumentSchema.optional().openapi({ description: 'the court’s own ruling, as checked' }),
  }),
]);

/** An application for judicial confirmation as it is stored (DESIGN.md flow 2, statuses). */
const confirmationRequestFields = {
  requestId: z.string(),
  settlementId: z.string(),
  disputeId: z.string(),
  settlementVersion: z.number().int().openapi({ description: 'the version of the terms applied with' }),
  documentSha256: z.string().openapi({ description: 'the signed document applied with' }),
  courtId: z.string(),
  status: z.enum(confirmationStatuses),
  requiredPartyIds: z.array(z.string()).openapi({ description: 'every party: each must join before submission' }),
  applicants: z.array(z.object({ partyId: z.string(), appliedAt: z.string() })),
  openedAt: z.string(),
  submittedAt: z.string().optional(),
  acceptanceDeadline: DeadlineSchema.optional().openapi({ description: '3 days from submission' }),
  acceptance: z
    .object({ accepted: z.boolean(), reasons: z.string().optional(), decidedAt: z.string(), late: LateSchema })
    .optional(),
  rulingDeadline: DeadlineSchema.optional().openapi({ description: '15 days from acceptance (25 when extended)' }),
  extension: z.object({ grantedAt: z.string(), reason: z.string().optional(), previousLastDay: z.string() }).optional(),
  decision: DecisionRecordSchema.optional(),
  enforceable: z.boolean().openapi({ description: 'a confirmed settlement is enforceable' }),
  withdrawal: z.object({ partyId: z.string(), at: z.string() }).optional(),
  ruling: z
    .object({
      serviceId: z.string(),
      sha256: z.string(),
      size: z.number().int(),
      recordedAt: z.string(),
      cover: z.object({ sha256: z.string(), size: z.number().int() }).optional().openapi({
        description: 'the platform’s summary of the decision, kept as the cover page of the court’s ruling',
      }),
    })
    .optional()
    .openapi({ description: 'the ruling served on every party after the decision' }),
};

const RequestSchema = z.object(confirmationRequestFields).openapi('ConfirmationRequest');

/** The application after a court's action: as stored, with the court's deadline flags. */
const CourtActionResultSchema = z
  .object({
    ...confirmationRequestFields,
    extended: z.boolean(),
    acceptanceOverdue: z.boolean(),
    rulingOverdue: z.boolean(),
  })
  .openapi('ConfirmationRequestAfterAction');

const QueueItemSchema = z
  .object({
    requestId: z.string(),
    settlementId: z.string(),
    disputeId: z.string(),
    status: z.enum(confirmationStatuses),
    submittedAt: z.string().optional(),
    acceptanceDeadline: DeadlineSchema.optional(),
    rulingDeadline: DeadlineSchema.optional(),
    extended: z.boolean(),
    acceptanceOverdue: z.boolean(),
    rulingOverdue: z.boolean(),
  })
  .openapi('ConfirmationQueueItem');

const ContactSchema = z.object({ phone: z.string().optional(), email: z.string().optional() });

/** What the court handling the case reads: the application, the terms, the signatures and the parties unmasked. */
const CourtApplicationSchema = z
  .object({
    ...confirmationRequestFields,
    acceptanceOverdue: z.boolean(),
    rulingOverdue: z.boolean(),
    rulingService: z
      .object({
        serviceId: z.string(),
        documentSha256: z.string(),
        status: z.enum(['requested', 'in_progress', 'served', 'unserved']),
        recipients: z
          .array(z.object({ personId: z.string(), status: z.enum(recipientStatuses), servedAt: z.string().optional() }))
          .optional(),
        proof: z.string().optional().openapi({ description: 'the path of the proof of service' }),
      })
      .optional(),
    dispute: z.object({
      disputeId: z.string(),
      category: z.enum(disputeCategories),
      claim: ClaimSchema,
      regionCode: z.string(),
      subjectMatterRegion: z.string(),
    }),
    settlement: z.object({
      settlementId: z.string(),
      version: z.number().int(),
      obligations: z.array(ObligationSchema),
      clauses: z.array(z.string()),
      subjectMatter: SubjectMatterSchema,
      effectiveAt: z.string().optional(),
      document: z.object({
        sha256: z.string(),
        size: z.number().int(),
        mediaType: z.string(),
        href: z.string().openapi({ description: 'GET it for the canonical document' }),
      }),
      signatures: z.array(
        z.object({
          partyId: z.string(),
          signedAt: z.string(),
          method: z.enum(['session', 'signing_link']),
          documentSha256: z.string(),
        }),
      ),
    }),
    parties: z.array(
      z.object({
        partyId: z.string(),
        personId: z.string(),
        role: z.enum(['applicant', 'respondent']),
        kind: z.enum(['person', 'company']),
        name: z.string(),
        idMasked: z.string(),
        domicile: z.object({ country: z.string(), regionCode: z.string().optional() }),
        contact: ContactSchema,
        serviceAddress: ContactSchema.optional(),
        representatives: z.array(z.object({ name: z.string(), idMasked: z.string() })),
        service: z
          .object({
            consented: z.boolean(),
            usableAddresses: z.number().int(),
            reachable: z.boolean(),
          })
          .openapi({
            description:
              'whether the ruling can reach this party electronically now: its consent and the addresses the plan would try; `reachable: false` means it would be left unserved until an address or consent arrives (it then resumes by itself)',
          }),
      }),
    ),
    mediator: z.object({ mediatorId: z.string(), name: z.string(), contact: ContactSchema }).optional(),
    organization: z
      .object({
        organizationId: z.string(),
        name: z.string(),
        kind: z.enum(organizationKinds),
        regionCode: z.string(),
      })
      .optional(),
  })
  .openapi('CourtApplication');

/** What the dispute's parties and its mediator read of an application: as stored, with where it went and the court's deadline flags. */
const ParticipantApplicationSchema = z
  .object({
    ...confirmationRequestFields,
    acceptanceOverdue: z.boolean(),
    rulingOverdue: z.boolean(),
    court: z.object({ courtId: z.string(), name: z.string().optional() }),
  })
  .openapi('ParticipantApplication');

const EligibleCourtsSchema = z
  .object({
    settlementId: z.string(),
    eligible: z.boolean().openapi({ description: 'whether an application may be made now (every rule passed)' }),
    verdicts: z.array(
      z.object({
        rule: z.enum(confirmationRules),
        passed: z.boolean(),
        code: z.enum(confirmationRefusalCodes).openapi({ description: 'the code an application is refused with' }),
        explanation: z.string(),
        details: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    rejectedCourtIds: z.array(z.string()).openapi({
      description:
        'competent courts that rejected this settlement’s document: an application there is refused (422 `rejected_by_this_court`)',
    }),
    competence: z.object({
      basis: z.enum(['invited_mediation', 'basic_level', 'intermediate']),
      intermediateReason: z.string().optional(),
      courts: z.array(
        z.object({
          courtId: z.string(),
          name: z.string(),
          level: z.enum(courtLevels),
          grounds: z.array(
            z.object({
              ground: z.enum([
                'invited_mediation',
                'party_domicile',
                'subject_matter_location',
                'mediation_organization_seat',
              ]),
              regionCode: z.string().optional(),
              explanation: z.string(),
            }),
          ),
        }),
      ),
    }),
    applicationDeadline: DeadlineSchema.optional(),
  })
  .openapi('EligibleCourts');

const WithdrawalBodySchema = z
  .object({ reason: text({ min: 1, max: 500, multiline: true }).optional() })
  .strict()
  .openapi('ConfirmationWithdrawal');

const confirmationDeps = (deps: HttpDeps): RulingDocumentDeps & CourtApplicationDeps => ({
  store: deps.store,
  clock: deps.clock,
  ids: deps.ids,
  calendar: deps.calendar,
  ...(deps.documents ? { documents: deps.documents } : {}),
  uploadedDocuments: deps.uploadedDocuments,
  serviceReadiness: deps.serviceReadiness,
});

/** GET /v1/settlements/{id}/eligible-courts and POST /v1/settlements/{id}/confirmation-requests. */
export function settlementConfirmationRoutes(deps: HttpDeps) {
  const useCaseDeps = confirmationDeps(deps);
  return routeGroup('/v1/settlements', 'confirmation')
    .operation(
      'get',
      '/{id}/eligible-courts',
      {
        operationId: 'getEligibleCourts',
        summary: "Pre-check: every rule's verdict and the competent courts (its parties, its mediator)",
        roles: { party: 'its parties', mediator: 'its mediator' },
        notes: 'Another settlement: 404.',
        request: { params: IdParamSchema },
        responses: { 200: json(EligibleCourtsSchema, 'verdicts and competent courts') },
      },
      async (c) => c.json(await eligibleCourts(useCaseDeps, c.get('principal'), c.req.valid('param').id), 200),
    )
    .operation(
      'post',
      '/{id}/confirmation-requests',
      {
        operationId: 'applyForConfirmation',
        summary: 'Apply for judicial confirmation to a competent court, or join the open application (each party)',
        roles: { party: 'each party of the settlement, for itself; another settlement: 404' },
        notes:
          'A rule that says no (not effective, window closed, not confirmable, court not competent): 422 with its code.',
        request: { params: IdParamSchema, body: jsonBody(ApplicationBodySchema) },
        responses: {
          201: created(RequestSchema, 'a new application (gathering, or submitted when every party is in)'),
          200: json(RequestSchema, 'joined the open application, or a repeat'),
        },
        problems: [422],
      },
      async (c) => {
        const { request, outcome } = await applyForConfirmation(
          useCaseDeps,
          c.get('principal'),
          c.req.valid('param').id,
          c.req.valid('json').courtId,
        );
        if (outcome === 'opened') {
          return c.json(confirmationRequestForClient(request), 201, {
            location: `/v1/confirmation-requests/${request.requestId}`,
          });
        }
        return c.json(confirmationRequestForClient(request), 200);
      },
    );
}

/** answerAcceptance, extendRuling and recordDecision: one court action each, on the court's own application. */
type CourtActionUseCase<Input> = (
  deps: RulingDocumentDeps,
  principal: Principal,
  requestId: string,
  input: Input,
) => Promise<CourtAction>;

/** What a court reaches: the applications made to it. */
const thatCourt = { court: 'the court applied to; another court’s application, or one still gathering parties: 404' };

/** The court API: its queue, one application, acceptance, extension, decision (that court only). */
export function confirmationRequestRoutes(deps: HttpDeps) {
  const useCaseDeps = confirmationDeps(deps);
  /** A court's action on an application applied to it: the answer is the application as it now stands. */
  const courtAction = <T extends z.ZodType>(operationId: string, summary: string, body: T) => ({
    operationId,
    summary,
    roles: thatCourt,
    request: { params: IdParamSchema, body: jsonBody(body) },
    responses: {
      200: json(CourtActionResultSchema, 'the application as it now stands (also for an identical repeat)'),
    },
    problems: [422] as const,
  });
  /** Runs one of the court's actions; the answer is the application as it now stands, with its deadline flags. */
  const act = async <B>(action: CourtActionUseCase<B>, principal: Principal, requestId: string, input: B) => {
    const { request } = await action(useCaseDeps, principal, requestId, input);
    return { ...confirmationRequestForClient(request), ...queueItem(request, deps.clock.now()) };
  };

  return routeGroup('/v1/confirmation-requests', 'confirmation')
    .operation(
      'get',
      '/',
      {
        operationId: 'listConfirmationRequests',
        summary: "The court's queue of one status, oldest first, overdue acceptance or ruling flagged",
        roles: { court: 'the applications made to it; a client that is no registered court: 404' },
        request: { query: PageQuerySchema.extend({ status: z.enum(courtVisibleStatuses).default('submitted') }) },
        responses: { 200: json(pageOf(QueueItemSchema).openapi('ConfirmationQueue'), 'a page of the queue') },
        problems: [404],
      },
      async (c) => {
        const { status, limit, cursor } = c.req.valid('query');
        const page = await listCourtQueue(useCaseDeps, c.get('principal'), {
          status,
          limit,
          ...(cursor ? { cursor } : {}),
        });
        return c.json(page, 200);
      },
    )
    .operation(
      'get',
      '/{id}',
      {
        operationId: 'getConfirmationRequest',
        summary:
          'One application: for its court the terms, document hash, signatures and parties (not masked); for its parties and mediator where it stands',
        roles: {
          ...thatCourt,
          party: 'a party of its dispute: the application as stored (`ParticipantApplication`)',
          mediator: 'the mediator of its dispute, likewise',
        },
        notes: 'Anyone else: 404. The queue (GET /v1/confirmation-requests) stays the court’s.',
        request: { params: IdParamSchema },
        responses: {
          200: json(
            z.union([CourtApplicationSchema, ParticipantApplicationSchema]),
            'the application: `CourtApplication` for the court, `ParticipantApplication` for a party or the mediator',
          ),
        },
      },
      async (c) => {
        const principal = c.get('principal');
        const requestId = c.req.valid('param').id;
        const application =
          principal.role === 'court'
            ? await readCourtApplication(useCaseDeps, principal, requestId)
            : await readParticipantApplication(useCaseDeps, principal, requestId);
        return c.json(application, 200);
      },
    )
    .operation(
      'post',
      '/{id}/acceptance',
      courtAction('answerAcceptance', 'Accept the application for review, or not (with reasons)', AcceptanceBodySchema),
      async (c) =>
        c.json(await act(answerAcceptance, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .operation(
      'post',
      '/{id}/extension',
      courtAction('extendRulingPeriod', 'Extend the ruling period once by 10 days', ExtensionBodySchema),
      async (c) =>
        c.json(await act(extendRuling, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .operation(
      'post',
      '/{id}/documents',
      {
        operationId: 'uploadRulingDocument',
        summary: 'Upload the court’s own ruling: a presigned PUT URL and the document id to name in the decision',
        roles: thatCourt,
        notes:
          'PUT the document (1 byte to 20 MB) to `upload.url` with `upload.headers` before `upload.expiresAt`, then name `documentId` and its SHA-256 in the decision; the platform reads the upload back and checks both. An application that can take no decision any more (withdrawn, not accepted, already decided): 409 `application_not_decidable`.',
        request: { params: IdParamSchema, body: jsonBody(DocumentUploadRequestSchema) },
        responses: { 201: json(UploadOfferSchema, 'where to PUT the document, until when') },
        problems: [422],
      },
      async (c) =>
        c.json(
          await offerRulingUpload(
            useCaseDeps,
            c.get('principal'),
            c.req.valid('param').id,
            c.req.valid('json').mediaType,
          ),
          201,
        ),
    )
    .operation(
      'post',
      '/{id}/decision',
      courtAction(
        'recordDecision',
        'Confirm (ruling number and date) or reject (coded reasons and text), naming the court’s uploaded ruling',
        DecisionBodySchema,
      ),
      async (c) =>
        c.json(await act(recordDecision, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .operation(
      'post',
      '/{id}/withdrawal',
      {
        operationId: 'withdrawConfirmationApplication',
        summary: 'Withdraw the application before the court rules (any party of the settlement)',
        roles: { party: 'a party of the settlement; another application: 404' },
        notes:
          'Confirmation needs every party, so one withdrawal closes the application for all (`withdrawn`); the ' +
          'settlement may be applied for again while its window lasts. A court that had the application is called ' +
          'back with `application.withdrawn`. After a decision or a refusal to accept: 422 `application_closed`. ' +
          'A repeat answers the withdrawn application.',
        request: { params: IdParamSchema, body: jsonBody(WithdrawalBodySchema) },
        responses: { 200: json(RequestSchema, 'the withdrawn application') },
        problems: [422],
      },
      async (c) => {
        const { request } = await withdrawConfirmationApplication(
          useCaseDeps,
          c.get('principal'),
          c.req.valid('param').id,
          c.req.valid('json'),
        );
        return c.json(confirmationRequestForClient(request), 200);
      },
    );
}
