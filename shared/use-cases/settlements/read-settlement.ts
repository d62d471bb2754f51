import type { Principal } from '../../domain/principal';
import type { StoredSettlement } from '../../domain/settlement/settlement';
import { sha256Hex } from '../../domain/settlement/settlement-document';
import type { DocumentStore } from '../../ports/document-store';
import type { StateStore } from '../../ports/state-store';
import { loadVisibleSettlement } from './settlement-access';
import { documentsOf } from './settlement-deps';

/** The settlement, for its parties, its mediator, the courts it went to and operators (else 404). */
export async function getSettlement(
  deps: { store: StateStore },
  principal: Principal,
  settlementId: string,
): Promise<StoredSettlement> {
  return (await loadVisibleSettlement(deps.store, principal, settlementId)).settlement;
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
