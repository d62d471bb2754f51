import type { SigningLink, StoredSettlement } from '../domain/settlement/settlement';
import type { CurrentLink } from './links';
import type { EntityWrite } from './table';

export interface LoadedSettlement {
  settlement: StoredSettlement;
  /** The root item's store version, for the next conditional write. */
  version: number;
}

/**
 * Settlements: one per dispute (its pointer is created once), the current terms versioned, earlier
 * terms kept frozen as evidence, and the parties' one-time signing links (hashes only).
 */
export interface Settlements {
  /** The settlement, or NotFound. */
  settlement(settlementId: string): Promise<LoadedSettlement>;
  /** The dispute's settlement, if one was recorded. */
  settlementOfDispute(disputeId: string): Promise<LoadedSettlement | undefined>;
  /** The versioned write of the current terms (pass `{ version: 0 }` to create it). */
  settlementWrite(loaded: { version: number }, next: StoredSettlement): EntityWrite;
  /** A frozen copy of terms that new terms replace, `superseded`, kept as evidence. */
  supersededWrite(previous: StoredSettlement): EntityWrite;
  /** The dispute's one settlement pointer (created once: two first recordings cannot both succeed). */
  disputePointerWrite(disputeId: string, settlementId: string): EntityWrite;

  signingLink(tokenHash: string): Promise<{ link: SigningLink; version: number } | undefined>;
  signingLinkWrite(expectedVersion: number, tokenHash: string, link: SigningLink): EntityWrite;
  /** The party's current link for the settlement and the write that revokes it (if still open). */
  currentSigningLink(settlementId: string, partyId: string, now: Date): Promise<CurrentLink>;
  /** Names the party's current link (a new one replaces the pointer, conditional on its version). */
  currentSigningLinkWrite(
    expectedVersion: number,
    settlementId: string,
    partyId: string,
    tokenHash: string,
  ): EntityWrite;
}
