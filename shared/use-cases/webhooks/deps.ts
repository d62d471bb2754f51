import { NotFound } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import type { EndpointPolicy } from '../../domain/webhooks/endpoint-policy';
import { type RetrySchedule, standardRetrySchedule } from '../../domain/webhooks/retry-schedule';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { PiiVault } from '../../ports/pii-vault';
import type { StateStore } from '../../ports/state-store';
import type { WebhookSender } from '../../ports/webhook-sender';
import type { WorkflowEngine } from '../../ports/workflows';

/** Which endpoints are accepted and how long failed deliveries are retried (configuration). */
export interface WebhookSettings {
  policy: EndpointPolicy;
  schedule: RetrySchedule;
}

export interface WebhookDeps {
  store: StateStore;
  clock: Clock;
  ids: Ids;
  /** Seals the endpoints' secrets at rest and reveals them to sign. */
  vault: PiiVault;
  settings: WebhookSettings;
}

export interface WebhookDeliveryDeps extends WebhookDeps {
  sender: WebhookSender;
}

export interface WebhookEventDeps {
  store: StateStore;
  clock: Clock;
  workflows: WorkflowEngine;
}

/**
 * The court whose endpoint the caller may touch: an operator any registered court; a court only
 * its own. Another court's, or one that does not exist, is the same 404 (DESIGN.md, Identity).
 */
export async function courtInReach(store: StateStore, principal: Principal, courtId: string): Promise<string> {
  if (principal.role === 'operator') {
    if (await store.roster.court(courtId)) return courtId;
  } else if (principal.role === 'court') {
    if ((await store.roster.courtIdOfClient(principal.subjectId)) === courtId) return courtId;
  }
  throw new NotFound(`no court ${courtId}`);
}

/** The settings from configuration (shared/config: WEBHOOK_*); the allow-list counts only locally. */
export function webhookSettingsFrom(config: {
  PLATFORM_STAGE: 'aws' | 'local';
  WEBHOOK_RETRY_DELAYS_SECONDS: number[];
  WEBHOOK_RETRY_WINDOW_SECONDS: number;
  WEBHOOK_ALLOWED_HOSTS: string[];
}): WebhookSettings {
  return {
    policy: { allowedHosts: config.PLATFORM_STAGE === 'local' ? config.WEBHOOK_ALLOWED_HOSTS : [] },
    schedule: {
      delaysMs: config.WEBHOOK_RETRY_DELAYS_SECONDS.map((seconds) => seconds * 1000),
      windowMs: config.WEBHOOK_RETRY_WINDOW_SECONDS * 1000,
    },
  };
}

/** The platform's defaults: the specification's schedule, 24 hours, nothing allow-listed. */
export const defaultWebhookSettings: WebhookSettings = {
  policy: { allowedHosts: [] },
  schedule: standardRetrySchedule,
};
