import { disputeRecords } from '../../../shared/adapters/dynamodb/dispute-records';
import { courtRecords, mediatorRecords, organizationRecords } from '../../../shared/adapters/dynamodb/roster-records';
import type { HolidayCalendar } from '../../../shared/domain/calendar/service-periods';
import { personSubjectId } from '../../../shared/domain/identity/person-id';
import type { Principal } from '../../../shared/domain/principal';
import type { Clock } from '../../../shared/ports/clock';
import type { IdentityVerifier } from '../../../shared/ports/identity-verifier';
import type { PiiVault } from '../../../shared/ports/pii-vault';
import type { Allowances } from '../../../shared/ports/send-rate-limiter';
import type { ItemKey, StateStore } from '../../../shared/ports/state-store';
import { type DisputeFiling, fileDispute } from '../../../shared/use-cases/disputes/file-dispute';
import { messageRequests } from '../../../shared/use-cases/message-delivery/request-message';
import { sendAllowancesOf } from '../../../shared/use-cases/people/allowances';
import { identityChecksOf } from '../../../shared/use-cases/people/identity-assurance';
import { personConsentWriterOf } from '../../../shared/use-cases/people/person-consent';
import { linkSignIn } from '../../../shared/use-cases/people/sign-in-links';
import { registerCourt } from '../../../shared/use-cases/roster/register-court';
import { registerMediator } from '../../../shared/use-cases/roster/register-mediator';
import { registerOrganization } from '../../../shared/use-cases/roster/register-organization';
import { demoConflictPool, demoDisputes, demoIdentities, linkableApplicant } from './demo-disputes';
import { demoCourts, demoMediator, demoMediatorSubject, demoOrganizations, demoRosterEpoch } from './demo-roster';
import { seededIds } from './seeded-ids';

/** What `npm start` seeds into an empty store. */
export const defaultDemoMediators = 200;

export interface SeedDeps {
  /** A state store whose events carry the given clock's time (roster events get the fixed epoch). */
  storeFor: (clock: Clock) => StateStore;
  vault: PiiVault;
  /** Invitations count against their recipients' allowances, as when people file. */
  allowances: Allowances;
  calendar: HolidayCalendar;
  publicBaseUrl: string;
  /** When the demo disputes are filed: now, so their deadlines run and their invitations are valid. */
  clock: Clock;
  /**
   * The carrier (`npm start`: the identity provider emulator, whose register holds the demo people),
   * to link each person applicant's sign-in to the person before it files (`linkableApplicant`).
   * Without it (`npm run seed` on its own) the carrier's register of the demo people answers
   * (`demoCarrier`): a party files only through a linked sign-in.
   */
  identityVerifier?: IdentityVerifier;
}

export interface SeedOptions {
  /** Default 200. */
  mediators?: number;
  /** Use-case calls in flight at once; default 16. */
  concurrency?: number;
  onProgress?: (progress: { mediatorsDone: number; mediatorsTotal: number }) => void;
  /** Stops the seed between two items (the platform stopping); what is seeded stays, the next run completes it. */
  signal?: AbortSignal;
}

export interface SeedCounts {
  courts: number;
  organizations: number;
  mediators: number;
  disputes: number;
}

export interface SeedSummary {
  /** What this run registered or filed (zero for what was already there). */
  created: SeedCounts;
  /** The demo data this run made sure of: all of it is in the store now. */
  total: SeedCounts;
  elapsedMs: number;
}

/** Who the roster's events name: the seed acts as an operator. */
export const seedOperator: Principal = { role: 'operator', subjectId: 'demo-seed' };

const rosterClock: Clock = { now: () => new Date(demoRosterEpoch) };

/** An empty store has no court on the roster: nothing could have been registered or filed yet. */
export async function isStoreEmpty(store: StateStore): Promise<boolean> {
  return (await store.listByIndex(courtRecords.rosterIndex, { limit: 1 })).items.length === 0;
}

export const demoCourtId = (key: string) => seededIds(`court:${key}`).next('crt');
export const demoOrganizationId = (index: number) => seededIds(`organization:${index}`).next('org');
export const demoMediatorId = (n: number) => seededIds(`mediator:${n}`).next('med');

/**
 * Seeds the demo data through the same use cases the API calls, so it is exactly what operators
 * and parties would have created. Every id comes from a named PRNG stream and the roster is dated
 * at a fixed epoch, so seeding an empty store twice gives identical roster records. Whatever of the
 * demo data is already there (found by its deterministic id) is left alone: a second run does
 * nothing, an interrupted one completes, and asking for more mediators adds just the missing ones.
 */
/** The demo filings record no consent, so no identity is checked; a call would be a bug in the seed. */
const noIdentityChecks: IdentityVerifier = {
  verify: async () => {
    throw new Error('the demo seed files without consent and checks no identity');
  },
};

export async function seedDemoData(deps: SeedDeps, options: SeedOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const mediatorsTotal = options.mediators ?? defaultDemoMediators;
  const concurrency = options.concurrency ?? 16;
  const roster = deps.storeFor(rosterClock);
  const created: SeedCounts = { courts: 0, organizations: 0, mediators: 0, disputes: 0 };
  // On an empty store nothing needs looking for first (a quarter of the requests saved).
  const empty = await isStoreEmpty(roster);
  const exists = async (key: ItemKey) => !empty && (await roster.get(key)) !== undefined;

  const courtIds = new Map<string, string>();
  for (const court of demoCourts) {
    options.signal?.throwIfAborted();
    const id = demoCourtId(court.key);
    courtIds.set(court.key, id);
    if (await exists(courtRecords.key(id))) continue;
    await registerCourt(
      { store: roster, ids: seededIds(`court:${court.key}`), clock: rosterClock },
      seedOperator,
      court.registration,
    );
    created.courts++;
  }

  const organizationIds = demoOrganizations.map((_, index) => demoOrganizationId(index));
  await forEachConcurrently(demoOrganizations.entries(), concurrency, options.signal, async ([index, organization]) => {
    if (await exists(organizationRecords.key(organizationIds[index] as string))) return;
    const { focus: _focus, linkedCourts, ...registration } = organization;
    await registerOrganization(
      { store: roster, ids: seededIds(`organization:${index}`), clock: rosterClock },
      seedOperator,
      { ...registration, linkedCourtIds: linkedCourts.map((key) => courtIds.get(key) as string) },
    );
    created.organizations++;
  });

  let mediatorsDone = 0;
  const numbers = Array.from({ length: mediatorsTotal }, (_, index) => index + 1);
  await forEachConcurrently(numbers, concurrency, options.signal, async (n) => {
    if (!(await exists(mediatorRecords.subjectKey(demoMediatorSubject(n))))) {
      await registerMediator(
        { store: roster, ids: seededIds(`mediator:${n}`), clock: rosterClock, vault: deps.vault },
        seedOperator,
        demoMediator(n, organizationIds, demoConflictPool),
      );
      created.mediators++;
    }
    mediatorsDone++;
    options.onProgress?.({ mediatorsDone, mediatorsTotal });
  });

  const filing = deps.storeFor(deps.clock);
  for (const [index, { filer, filing: dispute }] of demoDisputes.entries()) {
    options.signal?.throwIfAborted();
    const ids = seededIds(`dispute:${index + 1}`);
    if (await exists(disputeRecords.key(seededIds(`dispute:${index + 1}`).next('dsp')))) continue;
    await fileDispute(
      {
        store: filing,
        ids,
        clock: deps.clock,
        vault: deps.vault,
        identityChecks: identityChecksOf({
          store: filing,
          clock: deps.clock,
          vault: deps.vault,
          identityVerifier: noIdentityChecks,
        }),
        personConsentWrite: personConsentWriterOf(filing),
        sendAllowances: sendAllowancesOf({ allowances: deps.allowances, vault: deps.vault, clock: deps.clock }),
        calendar: deps.calendar,
        publicBaseUrl: deps.publicBaseUrl,
        requestMessage: messageRequests({ store: filing, ids, clock: deps.clock }),
      },
      filer === undefined ? seedOperator : await linkedFiler(deps, filing, filer, dispute),
      dispute,
    );
    created.disputes++;
  }

  return {
    created,
    total: {
      courts: demoCourts.length,
      organizations: demoOrganizations.length,
      mediators: mediatorsTotal,
      disputes: demoDisputes.length,
    },
    elapsedMs: performance.now() - started,
  };
}

/**
 * The principal a demo applicant files as: the person, once its sign-in `filer` is linked to it
 * through the same use case as a first sign-in (the carrier confirms the applicant's mobile), so the
 * dispute is that person's wherever it signs in. Linking again is a no-op, so a seed stopped
 * between the link and the filing completes.
 */
async function linkedFiler(
  deps: SeedDeps,
  store: StateStore,
  filer: string,
  filing: DisputeFiling,
): Promise<Principal> {
  const applicant = linkableApplicant(filing);
  if (!applicant) throw new Error(`demo applicant of ${filer} cannot link a sign-in: file it as the intake operator`);
  const link = await linkSignIn(
    {
      store,
      clock: deps.clock,
      vault: deps.vault,
      identityVerifier: deps.identityVerifier ?? demoCarrier,
      allowances: deps.allowances,
    },
    { sub: filer, signedInMobile: applicant.contact.phone, idNumber: applicant.idNumber, name: applicant.name },
  );
  return { role: 'party', subjectId: personSubjectId(link.personHash) };
}

/**
 * The carrier as the identity provider emulator answers at `npm start`, from the same register
 * (`demoIdentities`): for `npm run seed` on its own, which starts no emulator.
 */
const demoCarrier: IdentityVerifier = {
  verify: async (claim) =>
    demoIdentities.some(
      (known) => known.idNumber === claim.idNumber && known.name === claim.name && known.mobile === claim.mobile,
    )
      ? { level: 'carrier_3f' }
      : { level: 'none', reason: 'no_match' },
};

/** Runs `task` over `items` with at most `concurrency` in flight; the first failure (or the signal) stops the rest. */
async function forEachConcurrently<T>(
  items: Iterable<T>,
  concurrency: number,
  signal: AbortSignal | undefined,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failed = false;
  const worker = async () => {
    for (let next = iterator.next(); !next.done && !failed; next = iterator.next()) {
      try {
        signal?.throwIfAborted();
        await task(next.value);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  // Settled, not Promise.all: after a failure or a stop, the calls still in flight finish before this
  // returns, so nothing writes behind the caller's back (a next run would race them).
  const outcomes = await Promise.allSettled(Array.from({ length: concurrency }, worker));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
}
