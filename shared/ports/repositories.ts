import type { ConfirmationRequests } from './confirmation-requests';
import type { Disputes } from './disputes';
import type { FailedExecutions } from './failed-executions';
import type { Messages } from './messages';
import type { Offers } from './offers';
import type { People } from './people';
import type { Roster } from './roster';
import type { Services } from './services';
import type { Settlements } from './settlements';
import type { Webhooks } from './webhooks';

/** The aggregates' repositories a unit of work (StateStore) carries. */
export interface Repositories {
  confirmationRequests: ConfirmationRequests;
  disputes: Disputes;
  failedExecutions: FailedExecutions;
  messages: Messages;
  offers: Offers;
  people: People;
  roster: Roster;
  services: Services;
  settlements: Settlements;
  webhooks: Webhooks;
}
