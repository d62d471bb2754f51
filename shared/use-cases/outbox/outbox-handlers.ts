import type { OutboxHandler } from '../../ports/outbox';
import type { WorkflowEngine } from '../../ports/workflows';
import { onMessageRequested } from '../message-delivery/on-message-requested';
import { messageRequestedType } from '../message-delivery/request-message';

/**
 * Which consumer runs the side effect of each outbox item type. The stream-triggered Lambda and
 * the local relay both deliver through this one table, so a type cannot be handled in one place
 * and forgotten in the other.
 */
export function outboxHandlers(deps: { workflows: WorkflowEngine }): Record<string, OutboxHandler> {
  return {
    [messageRequestedType]: onMessageRequested(deps),
  };
}
