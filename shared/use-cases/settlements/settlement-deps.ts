import type { HolidayCalendar } from '../../domain/calendar/service-periods';
import type { Clock } from '../../ports/clock';
import type { DocumentStore } from '../../ports/document-store';
import type { Ids } from '../../ports/ids';
import type { RequestMessage } from '../../ports/message-requests';
import type { StateStore } from '../../ports/state-store';

/** What the settlement use cases need: the store, S3 for the canonical documents, the holiday calendar. */
export interface SettlementDeps {
  store: StateStore;
  clock: Clock;
  ids: Ids;
  calendar: HolidayCalendar;
  documents?: DocumentStore;
  /** Base of the signing links in messages. */
  publicBaseUrl: string;
  /** Asks message delivery for a message (ports/message-requests.ts). */
  requestMessage: RequestMessage;
}

export function documentsOf(deps: { documents?: DocumentStore }): DocumentStore {
  if (!deps.documents) throw new Error('no document store is configured');
  return deps.documents;
}
