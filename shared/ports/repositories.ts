import type { ConfirmationRequests } from './confirmation-requests';
import type { Messages } from './messages';
import type { Roster } from './roster';
import type { Settlements } from './settlements';
import type { Webhooks } from './webhooks';

/** The aggregates' repositories a unit of work (StateStore) carries. */
export interface Repositories {
  confirmationRequests: ConfirmationRequests;
  messages: Messages;
  roster: Roster;
  settlements: Settlements;
  webhooks: Webhooks;
}
