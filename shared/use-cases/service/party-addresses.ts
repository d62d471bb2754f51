import { contactsChanged } from '../../domain/contacts/contacts-changed';
import { AlreadyExists, ConcurrentModification, InvalidInput, RuleViolation } from '../../domain/errors';
import { identityNotVerified, recordedAssurance } from '../../domain/identity/identity-assurance';
import { personChainId } from '../../domain/identity/person-chain';
import { maskAddress } from '../../domain/masking';
import type { ServiceConsent } from '../../domain/mediation/case-party';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { Address, DesignationEvidence, ServiceConsentRecord } from '../../domain/service/address';
import {
  type AddressCandidate,
  type CandidateInput,
  mergeIntoBook,
  validateBatch,
} from '../../domain/service/address-book';
import { rankAddresses, type ServicePlan } from '../../domain/service/address-ranking';
import type { Clock } from '../../ports/clock';
import type { DocumentStore } from '../../ports/document-store';
import type { ServiceReadiness } from '../../ports/electronic-service';
import type { PersonConsentWriter } from '../../ports/identity-checks';
import type { Ids } from '../../ports/ids';
import type { EntityWrite, StateStore } from '../../ports/state-store';
import type { UploadedDocuments } from '../../ports/uploaded-documents';
import { uploadScopeOf, visiblePerson } from './court-parties';

/** A book this large is an intake error, not a person: it also keeps the one item well under 400 KB. */
export const maxAddressesPerPerson = 500;
/** Items in one request (each a candidate; duplicates merge). */
export const maxCandidatesPerRequest = 5000;

export interface AddressBatchResult {
  personId: string;
  received: number;
  /** Addresses new to the book. */
  added: number;
  /** Candidates that named an address already known (their source merged into it). */
  merged: number;
  total: number;
}

/** What adding addresses needs: the book, and the uploads its designation documents are checked against. */
export interface PartyAddressDeps {
  store: StateStore;
  clock: Clock;
  ids: Ids;
  defaultRegion: string;
  /** The documents feature's uploads: a designation document is one the caller uploaded. */
  uploadedDocuments: UploadedDocuments;
  /** Where the platform keeps its own copy of each designation document (uploads expire). */
  documents?: DocumentStore;
}

/**
 * Add candidate addresses to a person's book (issue 4, item 1). Every candidate is normalized
 * (E.164 for SMS in the default region, email domains lower-cased and IDN-converted); one invalid
 * candidate rejects the whole request, naming every bad item by its index, and nothing is written.
 * Candidates naming the same address (same channel and normalized value), in the request or in the
 * book, merge into one address that keeps each source with its latest observation. One versioned
 * write of the book, chained on the person's history.
 *
 * Who: an operator, or a court for a party of its own cases; any other person is not found.
 *
 * A `recipient_designated` candidate needs the designation document as evidence (422
 * `designation_needs_evidence`): whoever adds it here is not the person (DESIGN.md, "Who gives an
 * address decides its source"). The evidence names a document the caller uploaded itself (a court
 * its own uploads, an operator the platform's), which must hash to the SHA-256 given: else 422
 * `document_missing` (unknown, or uploaded by someone else) or `document_hash_mismatch`, with the
 * item's index. The platform keeps its own copy, as uploads are drafts that expire. It is accepted only for a person whose identity is verified (an
 * operator's document check, or a consent given at a carrier-matched level): a designation by
 * someone not known to be the person is not one (DESIGN.md, Identity assurance). Otherwise 422
 * `identity_not_verified`, and nothing is written.
 */
export async function addPartyAddresses(
  deps: PartyAddressDeps,
  principal: Principal,
  personId: string,
  candidates: readonly CandidateInput[],
): Promise<AddressBatchResult> {
  const person = await visiblePerson(deps.store, principal, personId);
  const batch = validateBatch(candidates, { defaultRegion: deps.defaultRegion });
  if (!batch.ok) {
    throw new InvalidInput(`${batch.errors.length} of ${candidates.length} addresses are invalid; nothing was added`, {
      details: {
        errors: batch.errors.map((error) => ({
          index: error.index,
          code: error.reason.code,
          message: error.reason.message,
        })),
      },
    });
  }
  const designated = batch.candidates.filter((candidate) => candidate.source === 'recipient_designated');
  const unevidenced = designated.filter((candidate) => !candidate.evidence);
  if (unevidenced.length > 0) {
    throw new RuleViolation(
      'designation_needs_evidence',
      'an operator or a court adds a recipient_designated address only with the designation document as evidence (its documentId and sha256); nothing was added',
      { details: { without: unevidenced.length } },
    );
  }
  if (designated.length > 0) {
    const stored = await deps.store.people.person(person.personHash);
    if (!recordedAssurance(stored?.value)) {
      throw new RuleViolation(
        identityNotVerified,
        'a recipient_designated address needs the person’s verified identity (a carrier match or an operator’s document check); nothing was added',
        { details: { assuranceLevel: 'none' } },
      );
    }
    await keepDesignationEvidence(deps, principal, person.personHash, candidates);
  }
  const { added, total } = await commitToBook(deps, person.personHash, batch.candidates, principal);
  return { personId, received: candidates.length, added, merged: candidates.length - added, total };
}

/**
 * Each designation document named, read back from the caller's own uploads and hashed against its
 * SHA-256 (a made-up id or hash is refused, naming the item), then copied where the platform keeps
 * evidence, under its hash, so the book's `evidence` still names bytes after the upload expires.
 * A copy made for a request that then fails is unreferenced and harmless.
 */
async function keepDesignationEvidence(
  deps: PartyAddressDeps,
  principal: Principal,
  personHash: string,
  candidates: readonly CandidateInput[],
): Promise<void> {
  const scope = await uploadScopeOf(deps.store, principal);
  // One document often designates several addresses (a phone and an email): each is read once,
  // under the index of the first address naming it, and all are checked before any is kept.
  const named = new Map<string, { index: number; evidence: DesignationEvidence }>();
  for (const [index, candidate] of candidates.entries()) {
    const { evidence } = candidate;
    if (candidate.source !== 'recipient_designated' || !evidence) continue;
    const key = `${evidence.documentId}/${evidence.sha256}`;
    if (!named.has(key)) named.set(key, { index, evidence });
  }
  const uploads = [];
  for (const { index, evidence } of named.values()) {
    uploads.push(
      await deps.uploadedDocuments.readVerified(scope, evidence).catch((error: unknown) => {
        if (!(error instanceof RuleViolation)) throw error;
        throw new RuleViolation(
          error.code,
          `the designation document of address ${index}: ${error.message}; nothing was added`,
          {
            cause: error,
            details: { ...error.details, index },
          },
        );
      }),
    );
  }
  if (!deps.documents) throw new Error('no document store is configured');
  for (const upload of uploads) {
    const stored = await deps.documents.put(
      designationEvidenceKey(personHash, upload.sha256),
      upload.content,
      upload.mediaType,
    );
    if (stored.sha256 !== upload.sha256)
      throw new Error('the document store reported another hash than the upload has');
  }
}

/** The platform's copy of a designation document: by person and hash, so a document given twice is kept once. */
export const designationEvidenceKey = (personHash: string, sha256: string) => `designations/${personHash}/${sha256}`;

/**
 * Merge normalized candidates into a person's book: one versioned write of the book, chained on the
 * person's history, with the notice that the person's contacts changed (a recipient left unserved
 * for want of an address resumes on it). A merge that changes nothing writes nothing, so a
 * re-delivered item adds no event. `consent` (the person's own, given with the addresses) is
 * written on the person's record in the same change, so a recipient waiting for consent and an
 * address resumes on both at once, and a refused request records neither.
 */
export async function commitToBook(
  deps: { store: StateStore; ids: Ids; personConsentWrite?: PersonConsentWriter },
  personHash: string,
  candidates: readonly AddressCandidate[],
  actor: Principal,
  consent?: ServiceConsent,
): Promise<{ added: number; total: number }> {
  // A book read as absent and created by someone else meanwhile (two filings naming one person,
  // delivered side by side) is a lost race like any other: read again and merge into theirs.
  const commitLosingCreateAsRace: StateStore['commit'] = (change) =>
    deps.store.commit(change).catch((error: unknown) => {
      throw error instanceof AlreadyExists ? new ConcurrentModification(error.message, { cause: error }) : error;
    });
  return retryOnConflict(async () => {
    const book = await deps.store.services.addressBook(personHash);
    const merged = mergeIntoBook(book.value, candidates, () => deps.ids.next('adr'), personHash);
    if (merged.length > maxAddressesPerPerson) {
      throw new RuleViolation(
        'address_book_full',
        `a person's book holds at most ${maxAddressesPerPerson} distinct addresses (this request would make ${merged.length})`,
      );
    }
    const added = merged.length - book.value.length;
    const bookChanged = JSON.stringify(merged) !== JSON.stringify(book.value);
    const consentWrite = consent ? await consentWriteWith(deps, personHash, consent) : undefined;
    if (!bookChanged && !consentWrite) return { added, total: merged.length };
    await commitLosingCreateAsRace({
      chainId: personChainId(personHash),
      writes: [
        ...(bookChanged ? [deps.store.services.addressBookWrite(book, personHash, merged)] : []),
        ...(consentWrite ? [consentWrite] : []),
      ],
      event: {
        type: 'addresses.added',
        actor,
        data: {
          received: candidates.length,
          added,
          sources: [...new Set(candidates.map((candidate) => candidate.source))].sort(),
          ...(consent
            ? { consent: { basis: consent.basis, identityAssurance: { ...(consent.assurance ?? { level: 'none' }) } } }
            : {}),
        },
      },
      outbox: [contactsChanged(personHash)],
    });
    return { added, total: merged.length };
  });
}

/** The person's record with this consent (the people feature's write, lent through deps), read afresh on each try. */
function consentWriteWith(
  deps: { personConsentWrite?: PersonConsentWriter },
  personHash: string,
  consent: ServiceConsent,
): Promise<EntityWrite | undefined> {
  if (!deps.personConsentWrite) throw new Error('a consent given with addresses needs the personConsentWrite port');
  return deps.personConsentWrite(personHash, consent);
}

export interface PartyAddressView {
  personId: string;
  consent: { basis: string; recordedAt: string } | null;
  plan: ServicePlan['plan'];
  excluded: Array<ServicePlan['excluded'][number] & { channel: string; value: string }>;
}

/**
 * The ranked plan for a person: the addresses the ServiceDelivery workflow would try, in order,
 * each with its score and the reasons for it, and the addresses it would leave out, with why.
 * Values are shown in full to the court handling the case and masked to operators (DESIGN.md,
 * Personal data).
 */
export async function rankPartyAddresses(
  deps: { store: StateStore; clock: Clock },
  principal: Principal,
  personId: string,
): Promise<PartyAddressView> {
  const person = await visiblePerson(deps.store, principal, personId);
  const [book, consent] = await Promise.all([
    deps.store.services.addressBook(person.personHash),
    personConsent(deps.store, person.personHash),
  ]);
  const ranked = rankAddresses(book.value, { now: deps.clock.now(), consent });
  const show = (channel: string, value: string) => (principal.role === 'court' ? value : maskAddress(channel, value));
  const byId = new Map(book.value.map((address) => [address.addressId, address]));
  return {
    personId,
    consent: consent ? { basis: consent.basis, recordedAt: consent.recordedAt } : null,
    plan: ranked.plan.map((entry) => ({ ...entry, value: show(entry.channel, entry.value) })),
    excluded: ranked.excluded.map((entry) => {
      const address = byId.get(entry.addressId) as Address;
      return { ...entry, channel: address.channel, value: show(address.channel, address.value) };
    }),
  };
}

/**
 * Whether a person can be served electronically now: its consent, and how many addresses the plan
 * would try. A court reads it on an application before deciding, so a ruling is not sent into
 * nowhere without anyone knowing.
 */
export async function serviceReadiness(
  store: StateStore,
  personHash: string,
  now: Date,
): Promise<{ consented: boolean; usableAddresses: number; reachable: boolean }> {
  const [book, consent] = await Promise.all([store.services.addressBook(personHash), personConsent(store, personHash)]);
  const usableAddresses = consent ? rankAddresses(book.value, { now, consent }).plan.length : 0;
  return { consented: consent !== undefined, usableAddresses, reachable: usableAddresses > 0 };
}

/** The service feature's readiness check over the store, for the courts reading an application (confirmations). */
export function serviceReadinessOf(store: StateStore): ServiceReadiness {
  return (personHash, now) => serviceReadiness(store, personHash, now);
}

/** The person's own consent to electronic service, as join and recordConsent keep it. */
export async function personConsent(store: StateStore, personHash: string): Promise<ServiceConsentRecord | undefined> {
  const person = await store.people.person(personHash);
  const consent = person?.value.serviceConsent;
  if (!consent) return undefined;
  return {
    basis: consent.basis,
    recordedAt: consent.recordedAt,
    ...(consent.evidence ? { evidence: consent.evidence } : {}),
    ...(consent.assurance ? { assurance: consent.assurance } : {}),
  };
}

/**
 * The write that puts addresses a person gave for itself (at joining, say) in its book as
 * `recipient_designated`. Only for a verified person: the caller has required a level other than
 * `none` first. Undefined when there is nothing to add. Goes in the caller's own commit, so the
 * addresses are in the book exactly when the consent they came with is recorded.
 */
export async function ownAddressesWrite(
  deps: { store: StateStore; ids: Ids },
  personHash: string,
  given: { phone?: string; email?: string },
  observed: { at: string; reference: string; defaultRegion: string },
): Promise<EntityWrite | undefined> {
  const candidates: CandidateInput[] = [
    ...(given.phone ? [{ channel: 'sms' as const, value: given.phone }] : []),
    ...(given.email ? [{ channel: 'email' as const, value: given.email }] : []),
  ].map((address) => ({
    ...address,
    source: 'recipient_designated',
    observedAt: observed.at,
    reference: observed.reference,
  }));
  if (candidates.length === 0) return undefined;
  const batch = validateBatch(candidates, { defaultRegion: observed.defaultRegion });
  if (!batch.ok) {
    throw new InvalidInput('an address for service is not valid', {
      details: { errors: batch.errors.map((error) => ({ index: error.index, code: error.reason.code })) },
    });
  }
  const book = await deps.store.services.addressBook(personHash);
  const merged = mergeIntoBook(book.value, batch.candidates, () => deps.ids.next('adr'), personHash);
  return deps.store.services.addressBookWrite(book, personHash, merged);
}
