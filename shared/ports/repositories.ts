import type { ConfirmationRequests } from './confirmation-requests';
import type { Roster } from './roster';
import type { Webhooks } from './webhooks';

/** The aggregates' repositories a unit of work (StateStore) carries. */
export interface Repositories {
  confirmationRequests: ConfirmationRequests;
  roster: Roster;
  webhooks: Webhooks;
}
