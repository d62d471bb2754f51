import { type HolidayCalendar, periodEnd, periodEndFromDay, shanghaiDay } from '../calendar/service-periods';
import { DomainError, RuleViolation } from '../errors';

/**
 * An application for judicial confirmation of a settlement (DESIGN.md flow 2, "Judicial
 * confirmation"; SPC Provisions on Judicial Confirmation Procedure arts. 2-10).
 *
 * `gathering` (parties joining) → `submitted` (every party joined; the court has 3 days to decide
 * acceptance) → `accepted` (15 days to rule, extendable once by 10) | `not_accepted` →
 * `confirmed` | `rejected`; `withdrawn` by a party before a decision. Days are counted as every
 * period is (service-periods.ts). Each transition is a pure function: it returns the next request,
 * or the same one unchanged when the identical transition was already applied (an idempotent
 * repeat), and throws a RuleViolation (422) for a transition the status does not allow or a
 * ConflictingRepeat (409) when a different answer was already recorded.
 */
/** The statuses a court sees in its queue (a `gathering` application has not reached it). */
export const courtVisibleStatuses = [
  'submitted',
  'accepted',
  'not_accepted',
  'confirmed',
  'rejected',
  'withdrawn',
] as const;

export const confirmationStatuses = ['gathering', ...courtVisibleStatuses] as const;
export type ConfirmationStatus = (typeof confirmationStatuses)[number];

export const rejectionReasons = [
  'violates_mandatory_law',
  'harms_state_public_or_third_party_interests',
  'against_public_order',
  'not_voluntary',
  'content_unclear',
  'not_confirmable_matter',
] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

export const confirmationPeriods = { acceptanceDays: 3, rulingDays: 15, extensionDays: 10 } as const;

export interface Deadline {
  lastDay: string;
  endsAt: string;
}

export interface Applicant {
  partyId: string;
  /** The principal who applied for the party. */
  subjectId: string;
  appliedAt: string;
}

/**
 * The court's own ruling document, as the platform verified it (read back, measured, hashed) and
 * stored its own copy under `key`: the bytes served on the parties are exactly these.
 */
export interface CourtRulingDocument {
  documentId: string;
  sha256: string;
  size: number;
  mediaType: string;
  key: string;
}

export type Decision = (
  | { outcome: 'confirmed'; rulingNumber: string; rulingDate: string; decidedAt: string }
  | { outcome: 'rejected'; reasons: RejectionReason[]; text: string; decidedAt: string }
) & { document?: CourtRulingDocument };

export interface ConfirmationRequest {
  requestId: string;
  settlementId: string;
  disputeId: string;
  /** The terms' version and document the parties applied with. */
  settlementVersion: number;
  documentSha256: string;
  courtId: string;
  status: ConfirmationStatus;
  /** Every party of the dispute: each must join before the application reaches the court. */
  requiredPartyIds: string[];
  applicants: Applicant[];
  openedAt: string;
  submittedAt?: string;
  acceptanceDeadline?: Deadline;
  acceptance?: { accepted: boolean; reasons?: string; decidedAt: string; late: boolean };
  rulingDeadline?: Deadline;
  extension?: { grantedAt: string; reason?: string; previousLastDay: string };
  decision?: Decision & { late: boolean };
  /** A confirmed settlement is enforceable (Civil Procedure Law art. 206). */
  enforceable: boolean;
  withdrawal?: { partyId: string; at: string };
  /**
   * The ruling served after the decision: its document (the court's own when the decision named
   * one, else the platform's summary stored under `rulings/<requestId>.json`) and the electronic
   * service that serves it on every party. With the court's document, the platform's summary is
   * kept beside it only as a cover page (`cover`). Written once; a redelivered
   * `confirmation.decided` finds it and serves nothing twice.
   */
  ruling?: {
    serviceId: string;
    documentKey: string;
    sha256: string;
    size: number;
    recordedAt: string;
    cover?: { key: string; sha256: string; size: number };
  };
}

type ForClient<T> = T extends { key: string } ? Omit<T, 'key'> : T;
/** Per outcome (an Omit over the union would merge the outcomes): the document without its key. */
type DecisionForClient<D> = D extends unknown
  ? Omit<D, 'document'> & { document?: ForClient<CourtRulingDocument> }
  : never;

/**
 * An application as parties and courts read it: who applied is named by party, not by principal
 * (a party's principal id carries part of its keyed hash), and where the ruling is stored stays
 * inside the platform (the ruling is reached through its service).
 */
export type ConfirmationRequestForClient = Omit<ConfirmationRequest, 'applicants' | 'ruling' | 'decision'> & {
  applicants: Array<Omit<Applicant, 'subjectId'>>;
  decision?: DecisionForClient<NonNullable<ConfirmationRequest['decision']>>;
  ruling?: Omit<NonNullable<ConfirmationRequest['ruling']>, 'documentKey' | 'cover'> & {
    cover?: ForClient<NonNullable<NonNullable<ConfirmationRequest['ruling']>['cover']>>;
  };
};

export function confirmationRequestForClient(request: ConfirmationRequest): ConfirmationRequestForClient {
  const { applicants, ruling, decision, ...rest } = request;
  const withoutKey = <T extends { key: string }>({ key: _key, ...shown }: T) => shown;
  return {
    ...rest,
    applicants: applicants.map(({ subjectId: _principal, ...applicant }) => applicant),
    ...(decision
      ? {
          decision: {
            ...decision,
            ...(decision.document ? { document: withoutKey(decision.document) } : {}),
          } as NonNullable<ConfirmationRequestForClient['decision']>,
        }
      : {}),
    ...(ruling
      ? {
          ruling: (({ documentKey: _key, cover, ...shown }) => ({
            ...shown,
            ...(cover ? { cover: withoutKey(cover) } : {}),
          }))(ruling),
        }
      : {}),
  };
}

/**
 * What the settlement's readers are shown of one application for its confirmation: where it went,
 * where it stands and what the court said (a ruling's number and date, or the rejection's coded
 * reasons and text), without the court's working details (late flags, deadlines, documents).
 */
export interface ConfirmationSummary {
  requestId: string;
  courtId: string;
  status: ConfirmationStatus;
  openedAt: string;
  submittedAt?: string;
  acceptance?: { accepted: boolean; reasons?: string; decidedAt: string };
  decision?:
    | { outcome: 'confirmed'; rulingNumber: string; rulingDate: string; decidedAt: string }
    | { outcome: 'rejected'; reasons: RejectionReason[]; text: string; decidedAt: string };
  enforceable: boolean;
  withdrawnAt?: string;
  /** The service that serves the ruling on the parties, once the decision started it. */
  rulingServiceId?: string;
}

export function confirmationSummary(request: ConfirmationRequest): ConfirmationSummary {
  const { acceptance, decision } = request;
  return {
    requestId: request.requestId,
    courtId: request.courtId,
    status: request.status,
    openedAt: request.openedAt,
    ...(request.submittedAt ? { submittedAt: request.submittedAt } : {}),
    ...(acceptance
      ? {
          acceptance: {
            accepted: acceptance.accepted,
            ...(acceptance.reasons ? { reasons: acceptance.reasons } : {}),
            decidedAt: acceptance.decidedAt,
          },
        }
      : {}),
    ...(decision
      ? {
          decision:
            decision.outcome === 'confirmed'
              ? {
                  outcome: 'confirmed' as const,
                  rulingNumber: decision.rulingNumber,
                  rulingDate: decision.rulingDate,
                  decidedAt: decision.decidedAt,
                }
              : {
                  outcome: 'rejected' as const,
                  reasons: decision.reasons,
                  text: decision.text,
                  decidedAt: decision.decidedAt,
                },
        }
      : {}),
    enforceable: request.enforceable,
    ...(request.withdrawal ? { withdrawnAt: request.withdrawal.at } : {}),
    ...(request.ruling ? { rulingServiceId: request.ruling.serviceId } : {}),
  };
}

/** A repeat that contradicts what was already recorded (another acceptance answer, another ruling). */
export class ConflictingRepeat extends DomainError {
  readonly category = 'conflict' as const;
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The application can take no decision any more: it was withdrawn, not accepted, or already
 * decided. Anything that prepares a decision (the court's upload of its ruling) is refused with
 * 409 `application_not_decidable`, naming the status it is in.
 */
export class ApplicationNotDecidable extends DomainError {
  readonly category = 'conflict' as const;
  readonly code = 'application_not_decidable';
}

/**
 * Whether the court may still rule on the application: it reached the court and is `submitted`
 * (a court may prepare its ruling before it accepts) or `accepted`, with no decision yet.
 */
export function assertDecidable(request: ConfirmationRequest): void {
  if ((request.status === 'submitted' || request.status === 'accepted') && !request.decision) return;
  throw new ApplicationNotDecidable(
    `the application is ${request.status.replace('_', ' ')}: it takes no decision any more`,
    {
      details: { status: request.status },
    },
  );
}

/** A change, or `changed: false` when the identical transition had already been applied. */
export interface Transition {
  request: ConfirmationRequest;
  changed: boolean;
}

const deadline = (end: { lastDay: string; endsAt: Date }): Deadline => ({
  lastDay: end.lastDay,
  endsAt: end.endsAt.toISOString(),
});

/** A party opens an application for the chosen court; it gathers the other parties. */
export function openApplication(input: {
  requestId: string;
  settlementId: string;
  disputeId: string;
  settlementVersion: number;
  documentSha256: string;
  courtId: string;
  requiredPartyIds: string[];
  applicant: { partyId: string; subjectId: string };
  now: Date;
  calendar: HolidayCalendar;
}): ConfirmationRequest {
  const at = input.now.toISOString();
  const gathering: ConfirmationRequest = {
    requestId: input.requestId,
    settlementId: input.settlementId,
    disputeId: input.disputeId,
    settlementVersion: input.settlementVersion,
    documentSha256: input.documentSha256,
    courtId: input.courtId,
    status: 'gathering',
    requiredPartyIds: [...input.requiredPartyIds],
    applicants: [{ ...input.applicant, appliedAt: at }],
    openedAt: at,
    enforceable: false,
  };
  return submitWhenComplete(gathering, input.now, input.calendar);
}

/**
 * Another party joins the open application. Joining twice is a repeat (unchanged); a party naming
 * another court than the open application's is refused (`application_court_mismatch`); when the
 * last party joins, the application is submitted and the court's 3 days to accept begin.
 */
export function joinApplication(
  request: ConfirmationRequest,
  applicant: { partyId: string; subjectId: string },
  courtId: string,
  now: Date,
  calendar: HolidayCalendar,
): Transition {
  if (request.courtId !== courtId) {
    throw new RuleViolation(
      'application_court_mismatch',
      'another party already applied to a different court; join that application or wait until it is closed',
      { details: { courtId: request.courtId } },
    );
  }
  if (request.applicants.some((known) => known.partyId === applicant.partyId)) {
    return { request, changed: false };
  }
  if (request.status !== 'gathering') {
    throw new RuleViolation('application_already_submitted', `the application is already ${request.status}`);
  }
  if (!request.requiredPartyIds.includes(applicant.partyId)) {
    throw new RuleViolation('not_a_party', 'only a party of the dispute may join the application');
  }
  const joined: ConfirmationRequest = {
    ...request,
    applicants: [...request.applicants, { ...applicant, appliedAt: now.toISOString() }],
  };
  return { request: submitWhenComplete(joined, now, calendar), changed: true };
}

function submitWhenComplete(request: ConfirmationRequest, now: Date, calendar: HolidayCalendar): ConfirmationRequest {
  const joined = new Set(request.applicants.map((applicant) => applicant.partyId));
  if (!request.requiredPartyIds.every((partyId) => joined.has(partyId))) return request;
  return {
    ...request,
    status: 'submitted',
    submittedAt: now.toISOString(),
    acceptanceDeadline: deadline(periodEnd(now, confirmationPeriods.acceptanceDays, calendar)),
  };
}

/**
 * The court decides whether to accept the application for review (3 days from submission; a late
 * answer is still recorded, marked `late`). Accepted starts the 15-day ruling period; not accepted
 * needs reasons and closes the application.
 */
export function decideAcceptance(
  request: ConfirmationRequest,
  answer: { accepted: boolean; reasons?: string },
  now: Date,
  calendar: HolidayCalendar,
): Transition {
  const reasons = answer.reasons?.trim() || undefined;
  if (request.acceptance) {
    if (request.acceptance.accepted === answer.accepted && request.acceptance.reasons === reasons) {
      return { request, changed: false };
    }
    throw new ConflictingRepeat(
      'acceptance_already_decided',
      'the court already answered this application differently',
    );
  }
  if (request.status !== 'submitted') {
    throw new RuleViolation('application_not_submitted', `the application is ${request.status}, not submitted`);
  }
  if (!answer.accepted && !reasons) {
    throw new RuleViolation('acceptance_reasons_required', 'not accepting an application needs its reasons');
  }
  const at = now.toISOString();
  const late = request.acceptanceDeadline ? at >= request.acceptanceDeadline.endsAt : false;
  const acceptance = { accepted: answer.accepted, ...(reasons ? { reasons } : {}), decidedAt: at, late };
  if (!answer.accepted) return { request: { ...request, status: 'not_accepted', acceptance }, changed: true };
  return {
    request: {
      ...request,
      status: 'accepted',
      acceptance,
      rulingDeadline: deadline(periodEnd(now, confirmationPeriods.rulingDays, calendar)),
    },
    changed: true,
  };
}

/** The court extends the ruling period once, by 10 days counted from the end of the first period. */
export function extendRulingPeriod(
  request: ConfirmationRequest,
  input: { reason?: string },
  now: Date,
  calendar: HolidayCalendar,
): Transition {
  const reason = input.reason?.trim() || undefined;
  if (request.extension) {
    if (request.extension.reason === reason) return { request, changed: false };
    throw new ConflictingRepeat('extension_already_used', 'the ruling period was already extended once');
  }
  if (request.status !== 'accepted' || !request.rulingDeadline) {
    throw new RuleViolation('application_not_accepted', `the application is ${request.status}, not under review`);
  }
  const previousLastDay = request.rulingDeadline.lastDay;
  return {
    request: {
      ...request,
      extension: { grantedAt: now.toISOString(), ...(reason ? { reason } : {}), previousLastDay },
      rulingDeadline: deadline(periodEndFromDay(previousLastDay, confirmationPeriods.extensionDays, calendar)),
    },
    changed: true,
  };
}

/** The court's ruling document as the decision names it: the uploaded document's id and its SHA-256. */
export interface RulingDocumentReference {
  documentId: string;
  sha256: string;
}

export type DecisionInput = (
  | { outcome: 'confirmed'; rulingNumber: string; rulingDate: string }
  | { outcome: 'rejected'; reasons: RejectionReason[]; text: string }
) & { document?: RulingDocumentReference };

/**
 * The court rules: confirmed (with the ruling's number and date; the settlement becomes
 * enforceable) or rejected (coded reasons plus text), optionally naming its own ruling document,
 * which the caller has verified and stored (`verified`, the same id and hash). Only an application
 * under review can be ruled on; the ruling date lies between the acceptance day and today
 * (Asia/Shanghai). A repeat naming the same document is the same decision.
 */
export function decide(
  request: ConfirmationRequest,
  input: DecisionInput,
  now: Date,
  verified?: CourtRulingDocument,
): Transition {
  const normalized = normalizeDecision(input);
  if (request.decision) {
    if (sameDecision(request.decision, normalized)) return { request, changed: false };
    throw new ConflictingRepeat('decision_already_recorded', 'the court already ruled differently on this application');
  }
  if (request.status !== 'accepted' || !request.acceptance) {
    throw new RuleViolation('application_not_accepted', `the application is ${request.status}, not under review`);
  }
  const { document: reference, ...decided } = normalized;
  if (reference && (verified?.documentId !== reference.documentId || verified.sha256 !== reference.sha256)) {
    throw new Error('a decision naming a document needs that document verified first');
  }
  const at = now.toISOString();
  if (normalized.outcome === 'confirmed') {
    const acceptedDay = shanghaiDay(new Date(request.acceptance.decidedAt));
    if (normalized.rulingDate < acceptedDay || normalized.rulingDate > shanghaiDay(now)) {
      throw new RuleViolation(
        'ruling_date_invalid',
        `the ruling date must lie between the acceptance (${acceptedDay}) and today`,
      );
    }
  }
  const late = request.rulingDeadline ? at >= request.rulingDeadline.endsAt : false;
  const decision = {
    ...decided,
    ...(reference && verified ? { document: verified } : {}),
    decidedAt: at,
    late,
  } as Decision & { late: boolean };
  return {
    request: {
      ...request,
      status: normalized.outcome,
      decision,
      enforceable: normalized.outcome === 'confirmed',
    },
    changed: true,
  };
}

/** A party withdraws the application before the court rules. */
export function withdrawApplication(request: ConfirmationRequest, partyId: string, now: Date): Transition {
  if (request.status === 'withdrawn') return { request, changed: false };
  if (!['gathering', 'submitted', 'accepted'].includes(request.status)) {
    throw new RuleViolation(
      'application_closed',
      `the application is ${request.status}: it can no longer be withdrawn`,
    );
  }
  if (!request.requiredPartyIds.includes(partyId)) {
    throw new RuleViolation('not_a_party', 'only a party of the dispute may withdraw the application');
  }
  return {
    request: { ...request, status: 'withdrawn', withdrawal: { partyId, at: now.toISOString() } },
    changed: true,
  };
}

/** Whether the court is late: accepting (3 days from submission) or ruling (15, or 25 extended). */
export function overdueFlags(
  request: ConfirmationRequest,
  now: Date,
): { acceptanceOverdue: boolean; rulingOverdue: boolean } {
  const at = now.toISOString();
  return {
    acceptanceOverdue:
      request.status === 'submitted' && !!request.acceptanceDeadline && at >= request.acceptanceDeadline.endsAt,
    rulingOverdue: request.status === 'accepted' && !!request.rulingDeadline && at >= request.rulingDeadline.endsAt,
  };
}

/**
 * A court that rejected the settlement on the merits is not asked again with the same document
 * (DESIGN.md is silent; decided here and in docs/court-integration.md). A rejection is the court's
 * ruling that this agreement cannot be confirmed; the law's way on from it is to change the
 * agreement through mediation, make a new one, or sue (Civil Procedure Law art. 206), not to put
 * the same document to the same court again. Another court may be applied to only where it is
 * itself competent (the competence rule still applies), and it is told nothing of the first
 * court's internals. A court that did not accept the application (procedure, not merits) or an
 * application withdrawn before a ruling does not bar the same court. 422
 * `rejected_by_this_court`, naming the earlier application.
 */
export function assertNotRejectedBy(
  history: readonly ConfirmationRequest[],
  courtId: string,
  documentSha256: string,
): void {
  const rejected = rejectionsOf(history, documentSha256).find((earlier) => earlier.courtId === courtId);
  if (!rejected) return;
  throw new RuleViolation(
    'rejected_by_this_court',
    'this court rejected the application for this settlement; it cannot be put to the same court again (change the agreement through mediation, make a new one, or bring the claim to court)',
    { details: { requestId: rejected.requestId, decidedAt: rejected.decision?.decidedAt } },
  );
}

/** The courts that rejected this document (the pre-check shows them as closed to it). */
export function rejectingCourtIds(history: readonly ConfirmationRequest[], documentSha256: string): string[] {
  return [...new Set(rejectionsOf(history, documentSha256).map((rejected) => rejected.courtId))];
}

function rejectionsOf(history: readonly ConfirmationRequest[], documentSha256: string): ConfirmationRequest[] {
  return history.filter((earlier) => earlier.status === 'rejected' && earlier.documentSha256 === documentSha256);
}

/** Whether a request no longer blocks a new application for the same settlement. */
export function isClosed(request: ConfirmationRequest): boolean {
  return request.status === 'not_accepted' || request.status === 'rejected' || request.status === 'withdrawn';
}

function normalizeDecision(input: DecisionInput): DecisionInput {
  const document = input.document
    ? { document: { documentId: input.document.documentId, sha256: input.document.sha256.toLowerCase() } }
    : {};
  if (input.outcome === 'confirmed') {
    return { outcome: 'confirmed', rulingNumber: input.rulingNumber.trim(), rulingDate: input.rulingDate, ...document };
  }
  return { outcome: 'rejected', reasons: [...new Set(input.reasons)].sort(), text: input.text.trim(), ...document };
}

function sameDecision(recorded: Decision, input: DecisionInput): boolean {
  if (recorded.document?.documentId !== input.document?.documentId) return false;
  if (recorded.document?.sha256 !== input.document?.sha256) return false;
  if (recorded.outcome === 'confirmed' && input.outcome === 'confirmed') {
    return recorded.rulingNumber === input.rulingNumber && recorded.rulingDate === input.rulingDate;
  }
  if (recorded.outcome === 'rejected' && input.outcome === 'rejected') {
    return recorded.text === input.text && recorded.reasons.join(',') === input.reasons.join(',');
  }
  return false;
}

/**
 * The served ruling's title, in Chinese and English (`中文 / English`, as the court's name is): the
 * parties read it in the service email's subject, in the portal and on the proof of service, in
 * whichever language they read.
 */
export function rulingTitle(decision: Pick<Decision, 'outcome'> & { rulingNumber?: string }): string {
  return decision.outcome === 'confirmed'
    ? `民事裁定书${decision.rulingNumber ?? ''}：确认调解协议有效 / Ruling ${decision.rulingNumber ?? ''}: settlement confirmed`
    : '民事裁定书：驳回司法确认申请 / Ruling: application for judicial confirmation rejected';
}
