import { NotFound } from '../../domain/errors';
import { hashToken } from '../../domain/mediation/invitation';
import type { RecipientRecord, ServiceAttempt } from '../../domain/service/recipient';
import type { ServiceRecord } from '../../domain/service/service';
import type { StateStore, Versioned } from '../../ports/state-store';

/**
 * The attempt a portal link belongs to (its token's pointer), with its recipient and service;
 * an unknown token, or one whose attempt is gone, is not found.
 */
export async function attemptByToken(
  store: StateStore,
  token: string,
): Promise<{ loaded: Versioned<RecipientRecord>; attempt: ServiceAttempt; service: ServiceRecord }> {
  const pointer = await store.services.attemptOfToken(hashToken(token));
  if (!pointer) throw new NotFound('no such link');
  const { serviceId, recipientId, attemptNo } = pointer;
  const [loaded, service] = await Promise.all([
    store.services.recipient(serviceId, recipientId),
    store.services.service(serviceId),
  ]);
  const attempt = loaded.value.attempts.find((candidate) => candidate.attemptNo === attemptNo);
  if (!attempt) throw new NotFound('no such link');
  return { loaded, attempt, service: service.value };
}
