import type { ServiceChannel } from '../../domain/service/address';
import type { rankAddresses } from '../../domain/service/address-ranking';
import type { ServiceTimeouts } from '../../domain/service/recipient';
import type { Clock } from '../../ports/clock';
import type { DocumentStore } from '../../ports/document-store';
import type { Ids } from '../../ports/ids';
import type { RequestMessage } from '../../ports/message-requests';
import type { MessageTasks } from '../../ports/message-tasks';
import type { StateStore } from '../../ports/state-store';
import type { WorkflowEngine } from '../../ports/workflows';

/** What electronic service is configured with. */
export interface ServiceSettings {
  /** Base of the portal links in messages (`${publicBaseUrl}/r/<token>`). */
  publicBaseUrl: string;
  /** Region for numbers written without a country code (CN). */
  defaultRegion: string;
  /**
   * How long to wait for a delivery receipt after the provider accepted a message, and for the
   * recipient's signature after a delivery at an address that needs one, per channel, in seconds.
   */
  timeouts: ServiceTimeouts;
}

/**
 * Receipts: as for any platform message (carriers report SMS within minutes, mail servers may defer).
 * Acknowledgement: people read an SMS within hours and email within a day; past that the next
 * address is tried (the earlier link stays valid for 30 days, so a late signature still serves).
 */
export const defaultServiceTimeouts: ServiceTimeouts = {
  receipt: { sms: 15 * 60, email: 30 * 60 },
  acknowledgement: { sms: 12 * 3600, email: 24 * 3600 },
  // Served at a designated address and not opened within a day: a reminder through another address.
  noticeReminder: 24 * 3600,
  // Known to be silent there (delivered before, never opened): remind at once, through an address that reads.
  noticeReminderSilent: 15 * 60,
  // Known to read there: a day's silence is their pace; remind after two.
  noticeReminderReaches: 48 * 3600,
};

export function serviceSettings(overrides: Partial<ServiceSettings> & { publicBaseUrl: string }): ServiceSettings {
  return { defaultRegion: 'CN', timeouts: defaultServiceTimeouts, ...overrides };
}

/** The ports the ServiceDelivery tasks work through. */
export interface ServiceDeliveryDeps {
  store: StateStore;
  clock: Clock;
  ids: Ids;
  /** Completes the state machine's waits (a recipient settled or signed before the wait began). */
  workflows: WorkflowEngine;
  /**
   * Sending each attempt's message and settling it by its receipt: message delivery's task steps
   * (ports/message-tasks.ts), run by this state machine itself rather than a MessageDelivery execution.
   */
  messageTasks: MessageTasks;
  /** Asks message delivery for a message (ports/message-requests.ts). */
  requestMessage: RequestMessage;
  settings: ServiceSettings;
  /**
   * The order a recipient's addresses are tried in: the platform's ranking when absent. Only the
   * service simulation passes another (its baselines: the registered number only, the other
   * party's first address, every address in a fixed order), so they run through the same tasks.
   */
  rankAddresses?: typeof rankAddresses;
}

export type TimeoutChannel = ServiceChannel;

/** What the HTTP use cases (addresses, service requests, proof) need. */
export interface ServiceHttpDeps {
  store: StateStore;
  clock: Clock;
  ids: Ids;
  documents?: DocumentStore;
  settings: ServiceSettings;
}
