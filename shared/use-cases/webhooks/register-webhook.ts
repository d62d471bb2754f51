import { randomBytes } from 'node:crypto';
import { InvalidInput } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { courtChainId } from '../../domain/roster/court';
import { checkEndpointUrl } from '../../domain/webhooks/endpoint-policy';
import type { WebhookEndpoint } from '../../domain/webhooks/webhook-records';
import { courtInReach, type WebhookDeps } from './deps';

/** The endpoint as its court and operators see it: never the secret. */
export interface WebhookEndpointView {
  courtId: string;
  url: string;
  secretIssuedAt: string;
  createdAt: string;
  changedAt: string;
}

export interface RegisteredWebhook {
  endpoint: WebhookEndpointView;
  /** The new secret (`whsec_…`): answered once, when the platform issues it, and never again. */
  secret?: string;
  created: boolean;
}

/**
 * A court (or an operator for it) registers the HTTPS endpoint its callbacks go to
 * (PUT /v1/courts/{id}/webhook).
 *
 * The secret is the platform's to issue: 24 random bytes in the Standard Webhooks form
 * (`whsec_` + base64), answered once when the endpoint is first registered or when
 * `rotateSecret` asks for a new one, and kept sealed by the vault. A court never chooses it, so
 * no weak or reused secret signs its callbacks. Changing only the URL keeps the secret; a repeat of
 * the same registration changes nothing.
 *
 * Rules: the URL is `https` (an allow-listed host locally), carries no credentials and names no
 * host that can only be private (400, naming the field, and nothing stored). A court may register
 * only its own endpoint (another court's: 404).
 */
export async function registerWebhook(
  deps: WebhookDeps,
  principal: Principal,
  courtId: string,
  input: { url: string; rotateSecret?: boolean },
): Promise<RegisteredWebhook> {
  await courtInReach(deps.store, principal, courtId);
  const check = checkEndpointUrl(input.url, deps.settings.policy);
  if (!check.ok) {
    throw new InvalidInput(`url: ${check.detail}`, {
      details: { errors: [{ path: 'body.url', message: check.detail }], reason: check.reason },
    });
  }
  const existing = await deps.store.webhooks.endpoint(courtId);
  if (existing && existing.value.url === input.url && !input.rotateSecret) {
    return { endpoint: view(existing.value), created: false };
  }

  const now = deps.clock.now().toISOString();
  const secret = input.rotateSecret || !existing ? newSecret() : undefined;
  const endpoint: WebhookEndpoint = {
    courtId,
    url: input.url,
    sealedSecret: secret ? await deps.vault.seal(secret) : (existing?.value.sealedSecret ?? ''),
    secretIssuedAt: secret ? now : (existing?.value.secretIssuedAt ?? now),
    createdAt: existing?.value.createdAt ?? now,
    changedAt: now,
  };
  await deps.store.commit({
    chainId: courtChainId(courtId),
    writes: [deps.store.webhooks.endpointWrite(existing?.version ?? 0, endpoint)],
    event: {
      type: 'court.webhook_registered',
      actor: principal,
      data: { url: input.url, secretIssued: secret !== undefined },
    },
  });
  return { endpoint: view(endpoint), created: !existing, ...(secret ? { secret } : {}) };
}

export function view(endpoint: WebhookEndpoint): WebhookEndpointView {
  return {
    courtId: endpoint.courtId,
    url: endpoint.url,
    secretIssuedAt: endpoint.secretIssuedAt,
    createdAt: endpoint.createdAt,
    changedAt: endpoint.changedAt,
  };
}

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
