import type { MessageRecord } from '../../domain/messages/message-record';
import type { Principal } from '../../domain/principal';
import type { LoadedMessage } from '../../ports/messages';
import type { EntityWrite, StateChange, StateStore } from '../../ports/state-store';

/** The platform itself, as the actor of delivery events in a case's chain. */
export const deliveryActor: Principal = { role: 'operator', subjectId: 'platform:message-delivery' };

/**
 * One change of a message: its new state and the chain event naming it. Event data carries no
 * address or content (the chain is shown to courts and parties; the entity keeps the details).
 */
export function messageChange(
  store: Pick<StateStore, 'messages'>,
  loaded: LoadedMessage,
  next: MessageRecord,
  eventType: string,
  extra: { data?: Record<string, unknown>; writes?: EntityWrite[] } = {},
): StateChange {
  return {
    chainId: next.chainId,
    writes: [store.messages.messageWrite(loaded, next), ...(extra.writes ?? [])],
    event: {
      type: eventType,
      actor: deliveryActor,
      data: { messageId: next.messageId, channel: next.content.channel, status: next.status, ...extra.data },
    },
  };
}
