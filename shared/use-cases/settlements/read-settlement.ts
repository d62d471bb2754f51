import type { Principal } from '../../domain/principal';
import { type ConfirmationSummary, confirmationSummary } from '../../domain/settlement/confirmation-request';
import type { StoredSettlement } from '../../domain/settlement/settlement';
import { sha256Hex } from '../../domain/settlement/settlement-document';
import type { DocumentStore } from '../../ports/document-store';
import type { StateStore } from '../../ports/state-store';
import { loadVisibleSettlement } from './settlement-access';
import { documentsOf } from './settlement-deps';

/** One application for the settlement's confirmation, as its readers see it, with the court's name. */
export type SettlementConfirmation = ConfirmationSummary & { courtName?: string };

/**
 * The settlement, for its parties, its mediator, the courts it went to and operators (else 404),
 * with where its confirmation stands: every application made for it, oldest first, each with its
 * court and status, and the ruling's number and date or the rejection's reasons once decided. A
 * court sees only the applications submitted to itself, never what another court did.
 */
export async function getSettlement(
  deps: { store: StateStore },
  principal: Principal,
  settlementId: string,
): Promise<{ settlement: StoredSettlement; confirmations: SettlementConfirmation[] }> {
  const { settlement } = await loadVisibleSettlement(deps.store, principal, settlementId);
  const history = await deps.store.confirmationRequests.requestsOfSettlement(settlementId);
  const courtId = principal.role === 'court' ? await deps.store.roster.courtIdOfClient(principal.subjectId) : undefined;
  const visible =
    principal.role === 'court'
      ? history.filter((request) => request.courtId === courtId && request.status !== 'gathering')
      : history;
  const confirmations = await Promise.all(
    visible.map(async (request): Promise<SettlementConfirmation> => {
      const court = (await deps.store.roster.court(request.courtId))?.value;
      return { ...confirmationSummary(request), ...(court ? { courtName: court.name } : {}) };
    }),
  );
  return { settlement, confirmations };
}

/**
 * The current canonical document, as stored in S3: the exact bytes the parties sign. Its hash is
 * checked on the way out, so a document altered in the bucket is never served as the signed one.
 */
export async function getSettlementDocument(
  deps: { store: StateStore; documents?: DocumentStore },
  principal: Principal,
  settlementId: string,
): Promise<{ settlement: StoredSettlement; content: Uint8Array; mediaType: string; sha256: string }> {
  const { settlement } = await loadVisibleSettlement(deps.store, principal, settlementId);
  const stored = await documentsOf(deps).get(settlement.document.key);
  if (!stored) throw new Error(`settlement document ${settlement.document.key} is missing from the document store`);
  const sha256 = sha256Hex(stored.content);
  if (sha256 !== settlement.document.sha256) {
    throw new Error(`settlement document ${settlement.document.key} does not match its recorded hash`);
  }
  return { settlement, content: stored.content, mediaType: settlement.document.mediaType, sha256 };
}
