import { NotFound, RuleViolation } from '../../domain/errors';
import type { CaseParty } from '../../domain/mediation/case-party';
import { messageAddressesOf, partySubjectFor } from '../../domain/mediation/case-party';
import { disputeChainId } from '../../domain/mediation/dispute';
import {
  afterFailedAttempt,
  checkInvitation,
  hashCode,
  hashToken,
  idDigitsToProve,
  maxFailedAttempts,
  maxFailedPerCode,
  newInvitationSecret,
  withFreshCode,
} from '../../domain/mediation/invitation';
import { freshCaseCodeMessage } from '../../domain/messages/fresh-case-code';
import { newReferenceCode } from '../../domain/messages/reference-code';
import {
  linkTexts,
  messageLanguage,
  messageLink,
  platformSignature,
  smsSignature,
} from '../../domain/messages/sms-texts';
import { verifyFooterHtml, verifyFooterText } from '../../domain/messages/verify-link';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { SigningLink, StoredSettlement } from '../../domain/settlement/settlement';
import { parseSettlementDocument, type SettlementDocument } from '../../domain/settlement/settlement-document';
import { lapsedRefusal } from '../../domain/settlement/settlement-lapse';
import { DocumentChanged, type SigningClient } from '../../domain/settlement/settlement-signing';
import type { SendAllowances } from '../../ports/send-allowances';
import type { PreparedSigningLink, PrepareSigningLink, SigningLinkRequest } from '../../ports/signing-links';
import { loadVisibleSettlement } from './settlement-access';
import { documentsOf, type SettlementDeps } from './settlement-deps';
import { signatureChange } from './sign-settlement';

/** A signing link is good for a week, and only for the version of the terms it was sent for. */
export const signingLinkValidDays = 7;

/**
 * A party who cannot sign with a session gets a one-time signing link and a code by SMS (or email
 * when it has no phone), the join page's proof: the link alone signs nothing. A party asks for its
 * own link; the dispute's mediator may ask for any party's. The token and code are in the message
 * only, masked once it is sent; the store keeps hashes. A new link revokes the party's previous
 * one. A link the mediator sends counts against the party's allowance for sends others trigger
 * (three a day, growing spacing); a party's own request against its own allowance; over either,
 * 429 and nothing is sent.
 */
export async function sendSigningLink(
  deps: SettlementDeps & { sendAllowances: SendAllowances },
  principal: Principal,
  settlementId: string,
  request: { partyId?: string },
): Promise<{ partyId: string; messageId: string; channel: 'sms' | 'email'; expiresAt: string }> {
  const { settlement } = await loadVisibleSettlement(deps.store, principal, settlementId);
  const parties = await deps.store.disputes.parties(settlement.disputeId);
  let party: CaseParty | undefined;
  if (principal.role === 'party') {
    party = parties.find((candidate) => candidate.subjectId === principal.subjectId);
    if (!party || (request.partyId && request.partyId !== party.partyId))
      throw new NotFound(`no settlement ${settlementId}`);
  } else if (principal.role === 'mediator') {
    if (!request.partyId) throw new RuleViolation('party_required', 'name the party whose signing link to send');
    party = parties.find((candidate) => candidate.partyId === request.partyId);
    if (!party) throw new RuleViolation('party_unknown', `${request.partyId} is not a party of this dispute`);
  } else {
    throw new NotFound(`no settlement ${settlementId}`);
  }
  if (settlement.status === 'lapsed') throw lapsedRefusal(settlement);
  if (settlement.status !== 'awaiting_signatures') {
    throw new RuleViolation('settlement_not_awaiting_signatures', `the settlement is ${settlement.status}`);
  }
  if (settlement.signatures.some((signature) => signature.partyId === party.partyId)) {
    throw new RuleViolation('already_signed', 'this party has signed the current document');
  }
  const [address] = messageAddressesOf(party);
  if (!address) throw new RuleViolation('no_contact', 'this party has no phone or email to send a link to');

  const { dispute } = await deps.store.disputes.dispute(settlement.disputeId);
  const prepared = await prepareSigningLink(deps, {
    settlement,
    party,
    language: messageLanguage(dispute.language),
    addresses: [address],
    actor: principal,
    purpose: 'settlement_signing_link',
  });
  if (principal.role === 'party') {
    await deps.sendAllowances.takeOwnCodeSend(address, {
      link: `settlement:${settlementId}`,
      client: `party:${principal.subjectId}`,
    });
  } else await deps.sendAllowances.takeTriggeredSends([address]);
  const messageId = prepared.messageIds[0] as string; // one address, one message
  await deps.store.commit({
    chainId: disputeChainId(settlement.disputeId),
    writes: prepared.writes,
    event: {
      type: 'settlement.signing_link_sent',
      actor: principal,
      data: { settlementId, version: settlement.version, partyId: party.partyId, messageId },
    },
    outbox: prepared.outbox,
  });
  return {
    partyId: party.partyId,
    messageId,
    channel: address.channel,
    expiresAt: prepared.expiresAt,
  };
}

/** What preparing a signing link needs: the store, the clock, ids, the links' base and message delivery's request. */
export type SigningLinkDeps = Pick<SettlementDeps, 'store' | 'clock' | 'ids' | 'publicBaseUrl' | 'requestMessage'>;

/** The settlements feature's signing links, bound to their ports, for the features that send one (milestones). */
export function signingLinksOf(deps: SigningLinkDeps): PrepareSigningLink {
  return (request) => prepareSigningLink(deps, request);
}

/**
 * One signing link for a party and the messages that carry it, to each of the given addresses
 * (the same token and code in each), ready to commit: the link record (hashes only), the messages
 * with their /verify references, the revocation of the party's previous link and the pointer to
 * this one. The SMS is short (domain/messages/sms-texts.ts); the email carries the detail.
 * `messageIdFor` names the messages when the caller must find them again (a milestone's consumer).
 */
export async function prepareSigningLink(
  deps: SigningLinkDeps,
  input: SigningLinkRequest,
): Promise<PreparedSigningLink> {
  const { settlement, party, actor } = input;
  const now = deps.clock.now();
  const secret = newInvitationSecret();
  const link: SigningLink = {
    settlementId: settlement.settlementId,
    disputeId: settlement.disputeId,
    partyId: party.partyId,
    settlementVersion: settlement.version,
    codeHash: hashCode(secret.token, secret.code),
    expiresAt: new Date(now.getTime() + signingLinkValidDays * 86_400_000).toISOString(),
    failedAttempts: 0,
    requestedBy: actor.subjectId,
    createdAt: now.toISOString(),
  };
  const url = messageLink(deps.publicBaseUrl, 'sign', secret.token);
  const caseReference = settlement.disputeId.slice(-8);
  const signature = smsSignature(platformSignature);
  const messages = input.addresses.map((address) => {
    const reference = newReferenceCode('MS');
    const content =
      address.channel === 'sms'
        ? {
            ...address,
            channel: 'sms' as const,
            text: linkTexts.signingLink[input.language]({
              signature,
              caseReference,
              link: url,
              code: secret.code,
              reference,
            }),
          }
        : {
            ...address,
            channel: 'email' as const,
            subject: `Settlement to sign, dispute ${caseReference} / 待签署调解协议 ${caseReference}`,
            text: `${signature}Please read and sign the settlement of dispute ${caseReference}: open ${url} and enter code ${secret.code} with the last 4 digits of your ID number. 请阅读并签署纠纷 ${caseReference} 的调解协议：打开链接并输入验证码 ${secret.code}。${verifyFooterText(deps.publicBaseUrl, reference)}`,
            html: `<p>${signature}</p><p>Please read and <a href="${url}">sign the settlement</a> of dispute <b>${caseReference}</b> with code <b>${secret.code}</b> and the last 4 digits of your ID number. The link is valid for ${signingLinkValidDays} days.</p><p>请打开<a href="${url}">链接</a>阅读并签署纠纷 ${caseReference} 的调解协议，验证码 <b>${secret.code}</b>，链接 ${signingLinkValidDays} 天内有效。</p>${verifyFooterHtml(deps.publicBaseUrl, reference)}`,
            fromName: platformSignature,
          };
    return deps.requestMessage({
      chainId: disputeChainId(settlement.disputeId),
      purpose: input.purpose,
      content,
      actor,
      secrets: [secret.token, secret.code],
      reference: { code: reference, issuer: platformSignature },
      ...(input.messageIdFor ? { messageId: input.messageIdFor(address.channel) } : {}),
    });
  });
  const current = await deps.store.settlements.currentSigningLink(settlement.settlementId, party.partyId, now);
  return {
    writes: [
      deps.store.settlements.signingLinkWrite(0, secret.tokenHash, link),
      ...messages.flatMap((message) => message.writes),
      ...current.revoke,
      deps.store.settlements.currentSigningLinkWrite(
        current.pointerVersion,
        settlement.settlementId,
        party.partyId,
        secret.tokenHash,
      ),
    ],
    outbox: messages.map((message) => message.outbox),
    messageIds: messages.map((message) => message.messageId),
    expiresAt: link.expiresAt,
  };
}

/** What the signing page shows before any proof: that a settlement waits, and the case's reference. */
export interface SigningLinkSummary {
  reference: string;
}

/** The settlement behind a proven link: who signs, which version, the document to read. */
export interface SigningLinkView extends SigningLinkSummary {
  settlementId: string;
  partyName: string;
  version: number;
  documentSha256: string;
  document: SettlementDocument;
}

/**
 * What the link alone opens: that a settlement of this case waits for a signature, nothing of its
 * terms or parties (a forwarded SMS or a shared phone reads no more). A closed link or changed
 * terms are said at once, so the party asks for a new link before spending a code on this one.
 */
export async function describeSigningLink(deps: SettlementDeps, token: string): Promise<SigningLinkSummary> {
  const { link } = await loadLink(deps, token);
  await refuseLapsed(deps, link);
  if (link.usedAt || link.revokedAt || deps.clock.now().toISOString() >= link.expiresAt) {
    throw new RuleViolation('signing_link_closed', 'this signing link was used or has expired; ask for a new one');
  }
  const { settlement } = await deps.store.settlements.settlement(link.settlementId);
  assertCurrent(link, settlement);
  return { reference: settlement.disputeId.slice(-8) };
}

/**
 * The settlement to read, once the party proved who it is with the link's code and its ID digits:
 * the try is counted as a signature's is (a wrong one against the link and the client, a right one
 * given back), and the link stays open for the signature, which asks for the proof again.
 */
export async function readSigningLink(
  deps: SettlementDeps & { sendAllowances: SendAllowances },
  token: string,
  proof: SigningProof,
): Promise<SigningLinkView> {
  const { link, party } = await retryOnConflict((attempt) => proveSigningLink(deps, token, proof, attempt));
  const { settlement } = await deps.store.settlements.settlement(link.settlementId);
  assertCurrent(link, settlement);
  const stored = await documentsOf(deps).get(settlement.document.key);
  if (!stored) throw new Error(`settlement document ${settlement.document.key} is missing`);
  return {
    settlementId: settlement.settlementId,
    partyName: party.name,
    reference: settlement.disputeId.slice(-8),
    version: settlement.version,
    documentSha256: settlement.document.sha256,
    document: parseSettlementDocument(stored.content),
  };
}

/** The proof a signing link asks for: the code from the message and the last ID characters. */
export interface SigningProof {
  code: string;
  idDigits: string;
  client: SigningClient;
}

/**
 * A party signs through its link: the code from the message and the last 4 digits of its ID
 * number, as on the join page. A try is answered only once its outcome is recorded: a wrong one is
 * counted (the fifth locks the link for 15 minutes), a right one uses the link and signs in the
 * same transaction, both conditional on the link's version. The code is compared in constant time.
 */
export async function signByLink(
  deps: SettlementDeps & { sendAllowances: SendAllowances },
  token: string,
  request: SigningProof & { documentSha256: string },
): Promise<StoredSettlement> {
  return retryOnConflict((attempt) => signByLinkOnce(deps, token, request, attempt));
}

async function signByLinkOnce(
  deps: SettlementDeps & { sendAllowances: SendAllowances },
  token: string,
  request: SigningProof & { documentSha256: string },
  attempt: number,
): Promise<StoredSettlement> {
  const { link, version, party, actor, tokenHash } = await proveSigningLink(deps, token, request, attempt);
  const { settlement } = await deps.store.settlements.settlement(link.settlementId);
  assertCurrent(link, settlement);
  const prepared = await signatureChange(deps, {
    settlementId: link.settlementId,
    party,
    actor,
    method: 'signing_link',
    documentSha256: request.documentSha256,
    client: request.client,
    extraWrites: [
      deps.store.settlements.signingLinkWrite(version, tokenHash, { ...link, usedAt: deps.clock.now().toISOString() }),
    ],
  });
  if (prepared.change) await deps.store.commit(prepared.change);
  return prepared.settlement;
}

/**
 * The link's proof, judged: a closed or locked link is refused before any try is taken; each try is
 * counted per client (its source address) before it is judged, so one client's guesses lock out
 * only itself; a wrong one is recorded on the link (the fifth locks it) and says the tries left; a
 * right one gives the client's try back, only wrong guesses count against it.
 */
async function proveSigningLink(
  deps: SettlementDeps & { sendAllowances: SendAllowances },
  token: string,
  proof: SigningProof,
  attempt: number,
): Promise<{ link: SigningLink; version: number; party: CaseParty; actor: Principal; tokenHash: string }> {
  const now = deps.clock.now();
  const { link, version } = await loadLink(deps, token);
  await refuseLapsed(deps, link);
  const { party } = await loadLinkParty(deps, link);
  const tokenHash = hashToken(token);
  const chainId = disputeChainId(link.disputeId);
  const actor: Principal = { role: 'party', subjectId: party.subjectId ?? partySubjectFor(party) };
  const check = checkInvitation(
    link,
    {
      codeHash: hashCode(token, proof.code),
      idDigitsMatch: proof.idDigits.toUpperCase() === party.idMasked.slice(-idDigitsToProve).toUpperCase(),
    },
    now,
  );
  if (!check.ok && check.reason === 'used')
    throw new RuleViolation('signing_link_used', 'this signing link has been used');
  if (!check.ok && check.reason === 'revoked')
    throw new RuleViolation('signing_link_revoked', 'a newer signing link replaced this one; use the latest message');
  if (!check.ok && check.reason === 'expired')
    throw new RuleViolation('signing_link_expired', 'this signing link has expired');
  if (!check.ok && check.reason === 'locked') {
    throw new RuleViolation('signing_link_locked', 'too many wrong tries of this code; ask for a fresh code', {
      details: { lockedUntil: check.lockedUntil },
    });
  }
  const tries = `signing-link:${tokenHash}`;
  const client = proof.client.ip ?? 'unknown';
  if (attempt === 1) await deps.sendAllowances.takeCodeTry(tries, client);
  if (!check.ok) {
    const next: SigningLink = { ...link, ...afterFailedAttempt(link, now) };
    await deps.store.commit({
      chainId,
      writes: [deps.store.settlements.signingLinkWrite(version, tokenHash, next)],
      event: {
        type: 'settlement.signing_failed',
        actor,
        data: { settlementId: link.settlementId, partyId: link.partyId, locked: next.lockedUntil !== undefined },
      },
    });
    // What this client may still try: the link's own count, and the client's allowance on it.
    const clientLeft = await deps.sendAllowances.codeTriesLeft(tries, client);
    throw new RuleViolation('signing_proof_failed', 'the code or the ID digits do not match', {
      details: {
        triesLeft: next.lockedUntil
          ? 0
          : Math.min(maxFailedAttempts, maxFailedPerCode - next.failedAttempts, clientLeft),
      },
    });
  }
  if (attempt === 1) await deps.sendAllowances.returnCodeTry(tries, client);
  return { link, version, party, actor, tokenHash };
}

/**
 * A link of a settlement that lapsed (its mediation ended unsigned) says so, before anything about
 * the link itself: the lapse revoked it, and "a newer link replaced this one" would send the party
 * looking for a link that cannot exist. Nothing is counted against the code.
 */
async function refuseLapsed(deps: SettlementDeps, link: SigningLink): Promise<void> {
  const { settlement } = await deps.store.settlements.settlement(link.settlementId);
  if (settlement.status === 'lapsed') throw lapsedRefusal(settlement);
}

function assertCurrent(link: SigningLink, settlement: StoredSettlement): void {
  if (link.settlementVersion !== settlement.version) {
    throw new DocumentChanged('the terms changed since this link was sent; ask for a new link', {
      details: { currentSha256: settlement.document.sha256 },
    });
  }
}

async function loadLink(deps: SettlementDeps, token: string): Promise<{ link: SigningLink; version: number }> {
  const stored = await deps.store.settlements.signingLink(hashToken(token));
  if (!stored) throw new NotFound('no such signing link');
  return stored;
}

async function loadLinkParty(deps: SettlementDeps, link: SigningLink): Promise<{ party: CaseParty; version: number }> {
  const stored = await deps.store.disputes.party(link.disputeId, link.partyId);
  if (!stored) throw new NotFound('no such signing link');
  return stored;
}

/**
 * The addressee of a signing link asks for a fresh code (POST /s/{token}/code): sent to the
 * address the link went to, never one the asker names; the old code stops working and the link's
 * count of wrong tries starts again, so others' wrong tries never keep the party from signing.
 * Within the party's own allowance (five a day with growing spacing); over it, 429, nothing sent.
 */
export async function sendFreshSigningCode(
  deps: SettlementDeps & { sendAllowances: SendAllowances },
  token: string,
  /** Who asks: its source address (the limit is per asker, so a copy of the link spends only its own). */
  client: string,
): Promise<{ channel: 'sms' | 'email' }> {
  const now = deps.clock.now();
  const { link, version } = await loadLink(deps, token);
  if (link.usedAt || link.revokedAt || now.toISOString() >= link.expiresAt) {
    throw new RuleViolation(
      'signing_link_closed',
      'this signing link was used, replaced or has expired; ask for a new one',
    );
  }
  const { party } = await loadLinkParty(deps, link);
  const [address] = messageAddressesOf(party);
  if (!address) throw new RuleViolation('no_contact', 'this party has no phone or email to send a code to');

  const { dispute } = await deps.store.disputes.dispute(link.disputeId);
  const { code, message: carrying } = freshCaseCodeMessage(
    'signing',
    address,
    { id: link.disputeId, language: messageLanguage(dispute.language) },
    deps.publicBaseUrl,
  );
  const chainId = disputeChainId(link.disputeId);
  const actor: Principal = { role: 'party', subjectId: party.subjectId ?? partySubjectFor(party) };
  const message = deps.requestMessage({ chainId, purpose: 'signing_code', actor, ...carrying });
  await deps.sendAllowances.takeOwnCodeSend(address, { link: hashToken(token), client });
  await deps.store.commit({
    chainId,
    writes: [
      deps.store.settlements.signingLinkWrite(version, hashToken(token), withFreshCode(link, hashCode(token, code))),
      ...message.writes,
    ],
    event: {
      type: 'settlement.signing_code_sent',
      actor,
      data: { settlementId: link.settlementId, partyId: link.partyId, messageId: message.messageId },
    },
    outbox: [message.outbox],
  });
  return { channel: address.channel };
}
