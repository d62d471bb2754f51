import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { RankEligibleMediators } from '../../ports/mediator-ranking';
import type { RequestMessage } from '../../ports/message-requests';
import type { StateStore } from '../../ports/state-store';

/** How offers are made: from configuration (OFFER_DEADLINE_HOURS, PUBLIC_BASE_URL). */
export interface OfferSettings {
  /** Hours a mediator has to answer an offer before it expires. */
  deadlineHours: number;
  /** Base of links in messages: the offer notice links to `<base>/inbox`. */
  publicBaseUrl: string;
}

export const defaultOfferSettings: OfferSettings = { deadlineHours: 24, publicBaseUrl: 'http://localhost:3000' };

export function offerSettingsFrom(config: { OFFER_DEADLINE_HOURS: number }, publicBaseUrl: string): OfferSettings {
  return { deadlineHours: config.OFFER_DEADLINE_HOURS, publicBaseUrl };
}

/** The ports the offer use cases work through. */
export interface OfferDeps {
  store: StateStore;
  clock: Clock;
  ids: Ids;
  settings: OfferSettings;
  /** Asks message delivery for a message (ports/message-requests.ts). */
  requestMessage: RequestMessage;
  /** The roster ranked for a dispute, from its eligibility listings: the disputes feature's (ports/mediator-ranking.ts). */
  rankEligible: RankEligibleMediators;
}
