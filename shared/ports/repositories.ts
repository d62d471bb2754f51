import type { ConfirmationRequests } from './confirmation-requests';
import type { Roster } from './roster';
import type { Settlements } from './settlements';
import type { Webhooks } from './webhooks';

/** The aggregates' repositories a unit of work (StateStore) carries. */
export interface Repositories {
  confirmationRequests: ConfirmationRequests;
  roster: Roster;
  settlements: Settlements;
  webhooks: Webhooks;
}
