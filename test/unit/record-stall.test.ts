import { describe, expect, it } from 'vitest';
import { messageRecords } from '../../shared/adapters/dynamodb/message-records';
import type { MessageStatus } from '../../shared/domain/message-delivery';
import type { MessageDeliveryDeps } from '../../shared/use-cases/message-delivery/deps';
import { recordStall } from '../../shared/use-cases/message-delivery/record-stall';
import { requestMessage } from '../../shared/use-cases/message-delivery/request-message';
import { MemoryStateStore } from '../support/memory-state-store';
import { TestClock } from '../support/test-clock';

const token = 'tok_5be01c';
const code = '730215';
const text = `Your code is ${code}: https://example.test/join/${token}`;
const masked = 'Your code is ••••••: https://example.test/join/••••••';

/** A stored message with a code and a link token, moved to `status` by hand. */
async function messageIn(status: MessageStatus) {
  const clock = new TestClock();
  const store = new MemoryStateStore(clock);
  const unused = () => Promise.reject(new Error('recordStall sends nothing'));
  const deps: MessageDeliveryDeps = {
    store,
    clock,
    sms: { send: unused },
    email: { send: unused },
    workflows: { start: unused, sendTaskSuccess: unused, sendTaskFailure: unused },
  };
  let n = 0;
  const requested = requestMessage(
    { clock, store, ids: { next: (prefix) => `${prefix}_${++n}` } },
    {
      chainId: 'CASE#dsp_1',
      purpose: 'invitation',
      content: { channel: 'sms', to: '+8613900000001', text },
      actor: { role: 'party', subjectId: 'usr_1' },
      secrets: [token, code],
    },
  );
  await store.commit(requested.change);
  if (status !== 'pending') {
    const loaded = await store.messages.message(requested.messageId);
    await store.commit({
      chainId: 'CASE#dsp_1',
      writes: [
        {
          key: messageRecords.key(requested.messageId),
          expectedVersion: loaded.version,
          attributes: { ...loaded.message, status },
        },
      ],
      event: { type: `message.${status}`, actor: { role: 'operator', subjectId: 'test' }, data: {} },
    });
  }
  return { deps, messageId: requested.messageId };
}

describe('recordStall', () => {
  it('masks the code and link token of a message stalled while sent, which a re-run never sends again', async () => {
    const { deps, messageId } = await messageIn('sent');

    await recordStall(deps, { messageId, error: 'TypeError', cause: `provider choked on "${text}"` });
    const { message } = await deps.store.messages.message(messageId);

    expect(message).toMatchObject({ status: 'stalled', stalledFrom: 'sent', content: { text: masked } });
    expect(message.secrets).toBeUndefined();
    expect(message.stall?.cause).toBe(`provider choked on "${masked}"`);
  });

  it('keeps them in a message stalled while sending, which a re-run sends again if it never left, but not in the error', async () => {
    const { deps, messageId } = await messageIn('sending');

    await recordStall(deps, { messageId, error: 'TypeError', cause: `provider choked on "${text}"` });
    const { message } = await deps.store.messages.message(messageId);

    expect(message).toMatchObject({ status: 'stalled', stalledFrom: 'sending', content: { text } });
    expect(message.secrets).toEqual([token, code]);
    expect(message.stall?.cause).toBe(`provider choked on "${masked}"`);
  });

  it('keeps them in a message stalled before its send was claimed, which a re-run sends, but not in the error', async () => {
    const { deps, messageId } = await messageIn('pending');

    await recordStall(deps, { messageId, error: 'States.Timeout', cause: `timed out sending "${text}"` });
    const { message } = await deps.store.messages.message(messageId);

    expect(message).toMatchObject({ status: 'stalled', stalledFrom: 'pending', content: { text } });
    expect(message.secrets).toEqual([token, code]);
    expect(message.stall?.cause).toBe(`timed out sending "${masked}"`);
  });
});
