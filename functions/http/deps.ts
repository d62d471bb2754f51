import type { Logger } from '@aws-lambda-powertools/logger';
import type { HolidayCalendar } from '../../shared/domain/calendar/service-periods';
import type { Authenticator } from '../../shared/ports/authenticator';
import type { Clock } from '../../shared/ports/clock';
import type { CourtCredentials } from '../../shared/ports/court-credentials';
import type { DocumentStore } from '../../shared/ports/document-store';
import type { DocumentUploads } from '../../shared/ports/document-uploads';
import type { ServedDocumentReceipts, ServiceReadiness } from '../../shared/ports/electronic-service';
import type { HealthProbe } from '../../shared/ports/health';
import type { IdempotencyStore } from '../../shared/ports/idempotency-store';
import type { IdentityChecks, PersonConsentWriter } from '../../shared/ports/identity-checks';
import type { IdentityVerifier } from '../../shared/ports/identity-verifier';
import type { Ids } from '../../shared/ports/ids';
import type { RankEligibleMediators } from '../../shared/ports/mediator-ranking';
import type { RequestMessage } from '../../shared/ports/message-requests';
import type { PersonalDataViewRecorder } from '../../shared/ports/personal-data-views';
import type { PiiVault } from '../../shared/ports/pii-vault';
import type { RequestQuota } from '../../shared/ports/request-quota';
import type { SendAllowances } from '../../shared/ports/send-allowances';
import type { Allowances } from '../../shared/ports/send-rate-limiter';
import type { StaffAccounts } from '../../shared/ports/staff-accounts';
import type { StateStore } from '../../shared/ports/state-store';
import type { UploadedDocuments } from '../../shared/ports/uploaded-documents';
import { personalDataViewRecorderOf } from '../../shared/use-cases/audit/personal-data-views';
import { eligibleRankingOf } from '../../shared/use-cases/disputes/rank-eligible';
import { uploadedDocumentsOf } from '../../shared/use-cases/documents/uploaded-documents';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import { defaultOfferSettings, type OfferDeps, type OfferSettings } from '../../shared/use-cases/offers/deps';
import { sendAllowancesOf } from '../../shared/use-cases/people/allowances';
import { identityChecksOf } from '../../shared/use-cases/people/identity-assurance';
import { personConsentWriterOf } from '../../shared/use-cases/people/person-consent';
import type { ProofDeps } from '../../shared/use-cases/proof/deps';
import type { ServiceSettings } from '../../shared/use-cases/service/deps';
import { serviceReadinessOf } from '../../shared/use-cases/service/party-addresses';
import { servedDocumentReceiptsOf } from '../../shared/use-cases/service/portal';
import type { WebhookSettings } from '../../shared/use-cases/webhooks/deps';
import type { SignInSettings } from './auth/sign-in-settings';

/** Everything the HTTP app needs, composed by its entry point (Lambda) or the embedded runtime. */
export interface HttpDeps extends Capabilities {
  store: StateStore;
  idempotency: IdempotencyStore;
  authenticator: Authenticator;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** ID numbers: encrypted at rest, found by keyed hash. */
  vault: PiiVault;
  /** Per-recipient send allowances and per-client code tries (domain/limits/allowance.ts). */
  allowances: Allowances;
  /** Each court client's requests per minute (middleware/client-quota.ts); without it, none is counted. */
  requestQuota?: RequestQuota;
  /**
   * Carrier three-factor checks before consent or designation (DESIGN.md, Identity assurance): the
   * HTTPS adapter, configured by a secret in AWS and by the local emulator on the embedded stack;
   * unconfigured, it answers `none`.
   */
  identityVerifier: IdentityVerifier;
  /** Public holidays and make-up working days: periods are counted on this calendar. */
  calendar: HolidayCalendar;
  /** Base of links in messages (invitations, offers). */
  publicBaseUrl: string;
  /**
   * People's sign-in for the pages (managed login with PKCE, /auth/*): the pools' endpoints and the
   * cookie key. Without it /auth/sign-in answers 404 and /cases sends nobody anywhere.
   */
  signIn?: SignInSettings;
  /**
   * Signs a token for anyone: the staff pages' sign-in then lists mediators and takes an operator id
   * to sign in as, without password or TOTP. Test harnesses only (browser tests of the staff pages):
   * `npm start` and the Lambda entry point never set it.
   */
  issueLocalToken?: (role: import('../../shared/domain/principal').Role, subjectId: string) => Promise<string>;
  /**
   * A header that sets the client's address (middleware/client-address.ts). Test harnesses only:
   * the Lambda entry point and `npm start` never set it, so no client can choose its address there.
   */
  testClientAddressHeader?: string;
  /**
   * Courts' client credentials, issued by operators at run time (Cognito app clients in AWS, the
   * local issuer's clients on the embedded stack). Without it the credentials routes answer 500.
   */
  courtCredentials?: CourtCredentials;
  /**
   * Staff sign-ins the platform creates when an operator registers a mediator without one (the staff
   * pool's users in AWS, the local managed login's on the embedded stack). Without it such a
   * registration answers 500.
   */
  staffAccounts?: StaffAccounts;
  /** Where courts obtain tokens (the Cognito domain's /oauth2/token); the platform's own base URL locally. */
  courtTokenEndpoint?: string;
  /** Components reported by GET /health, by name. */
  health: Record<string, HealthProbe>;
  /** Offer deadlines and the inbox link in offer notices (OFFER_DEADLINE_HOURS, PUBLIC_BASE_URL); defaults when absent. */
  offers?: OfferSettings;
  /**
   * Served documents (S3). The one AWS client besides DynamoDB (and KMS for ID numbers) in the
   * HTTP function: POST /v1/services stores the document before the workflow may send anything.
   */
  documents?: DocumentStore;
  /**
   * Presigned uploads to the documents bucket (a court's ruling, large documents to serve): the
   * function signs the URLs and reads back and checks what arrived.
   */
  uploads?: DocumentUploads;
  /**
   * The proof key and the checkpoints: proofs of service are signed and checked against them. Only
   * the functions whose routes use them compose them (route-groups.ts); without them those routes answer 500.
   */
  proof?: ProofDeps;
  /** Electronic service: default phone region, timeouts, portal links; defaults when absent. */
  service?: ServiceSettings;
  /** Court callbacks: which endpoints are accepted (the local allow-list); the AWS policy when absent. */
  webhooks?: WebhookSettings;
}

/**
 * The use cases one feature lends the others (a use case never imports another feature's; it
 * receives them in its deps), made from the ports by `withCapabilities`.
 */
export interface Capabilities {
  /** Asking for a message: message delivery's, for the features that send. */
  requestMessage: RequestMessage;
  /** The send and code-try limits: the people feature's, over `allowances`. */
  sendAllowances: SendAllowances;
  /** Identity assurance (carrier and document checks): the people feature's. */
  identityChecks: IdentityChecks;
  /** The person's latest consent to electronic service: the people feature's. */
  personConsentWrite: PersonConsentWriter;
  /** Writing down a view of personal data before it is shown: the audit feature's. */
  recordPersonalDataView: PersonalDataViewRecorder;
  /** Documents clients upload (rulings, large documents to serve), checked on use: the documents feature's, over `uploads`. */
  uploadedDocuments: UploadedDocuments;
  /** The roster ranked for a dispute from its eligibility listings: the disputes feature's, for the offers. */
  rankEligible: RankEligibleMediators;
  /** Whether a person can be served electronically now: the service feature's, for a court reading an application. */
  serviceReadiness: ServiceReadiness;
  /** Opening and signing for a served document outside the portal (a party's ruling): the service feature's. */
  servedDocumentReceipts: ServedDocumentReceipts;
}

/** What an entry point composes: the ports and settings. The capabilities features lend each other come from them. */
export type HttpPorts = Omit<HttpDeps, keyof Capabilities>;

/** The HTTP app's deps: the ports, plus the capabilities made from them. */
export function withCapabilities(ports: HttpPorts): HttpDeps {
  const personConsentWrite = personConsentWriterOf(ports.store);
  return {
    ...ports,
    requestMessage: messageRequests(ports),
    sendAllowances: sendAllowancesOf(ports),
    identityChecks: identityChecksOf(ports),
    personConsentWrite,
    recordPersonalDataView: personalDataViewRecorderOf(ports),
    uploadedDocuments: uploadedDocumentsOf(ports),
    rankEligible: eligibleRankingOf(ports.store),
    serviceReadiness: serviceReadinessOf(ports.store),
    servedDocumentReceipts: servedDocumentReceiptsOf({ store: ports.store, clock: ports.clock, personConsentWrite }),
  };
}

/** What the assignment routes (the API's and the service centre's) give the offers: the same offers either way. */
export function offerDepsOf(deps: HttpDeps): OfferDeps {
  const settings = deps.offers ?? { ...defaultOfferSettings, publicBaseUrl: deps.publicBaseUrl };
  return {
    store: deps.store,
    clock: deps.clock,
    ids: deps.ids,
    settings,
    requestMessage: deps.requestMessage,
    rankEligible: deps.rankEligible,
  };
}
