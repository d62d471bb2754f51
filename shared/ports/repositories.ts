import type { Webhooks } from './webhooks';

/** The aggregates' repositories a unit of work (StateStore) carries. */
export interface Repositories {
  webhooks: Webhooks;
}
