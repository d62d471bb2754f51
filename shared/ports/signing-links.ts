import type { CaseParty } from '../domain/mediation/case-party';
import type { MessageLanguage } from '../domain/messages/sms-texts';
import type { Principal } from '../domain/principal';
import type { StoredSettlement } from '../domain/settlement/settlement';
import type { EntityWrite, OutboxMessage } from './state-store';

/*
 * A settlement's signing link for a party, as a capability the settlements feature lends the
 * features that send one (a milestone's announcement of a settlement to sign): they receive a
 * `PrepareSigningLink` in their deps, bound by the composition root, and never import the feature.
 */

export interface SigningLinkRequest {
  settlement: StoredSettlement;
  party: CaseParty;
  language: MessageLanguage;
  /** Each address gets a message carrying the same token and code. */
  addresses: ReadonlyArray<{ channel: 'sms' | 'email'; to: string }>;
  actor: Principal;
  purpose: string;
  /** Names the messages when the caller must find them again (a milestone's consumer). */
  messageIdFor?: (channel: 'sms' | 'email') => string;
}

export interface PreparedSigningLink {
  /** The link record (hashes only), the messages, the revocation of the party's previous link and the pointer to this one. */
  writes: EntityWrite[];
  outbox: OutboxMessage[];
  messageIds: string[];
  expiresAt: string;
}

/** One signing link for a party and the messages that carry it, ready to commit in the caller's change. */
export type PrepareSigningLink = (request: SigningLinkRequest) => Promise<PreparedSigningLink>;
