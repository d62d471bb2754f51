import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { FixedWindowRateLimiter } from '../../shared/adapters/dynamodb/fixed-window-rate-limiter';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import type { Clock } from '../../shared/ports/clock';
import type { SmsChannel } from '../../shared/ports/message-channels';
import type { StateStore } from '../../shared/ports/state-store';
import { requestMessage } from '../../shared/use-cases/message-delivery/request-message';
import { sendMessage } from '../../shared/use-cases/message-delivery/send-message';
import { freshTable, storeOn } from '../support/local-table';

/** What `sendMessage` needs around `store`: SMS sent by `sendSms`, an email channel and workflows that accept anything. */
function sendDeps(store: StateStore, sendSms: SmsChannel['send']) {
  return {
    store,
    clock: systemClock,
    sms: { send: sendSms },
    email: { send: async () => ({ providerMessageId: 'y' }) },
    workflows: {
      start: async () => undefined,
      sendTaskSuccess: async () => undefined,
      sendTaskFailure: async () => undefined,
    },
  };
}

describe('a sent message', () => {
  it('keeps its code and link token only until it is sent', async () => {
    const table = await freshTable();
    const store = storeOn(table);
    const requested = requestMessage(
      { ids: randomIds, clock: systemClock, store },
      {
        chainId: `CASE#${randomIds.next('dsp')}`,
        purpose: 'invitation',
        content: {
          channel: 'sms',
          to: '+8613912345678',
          text: 'Open https://x.example/join/tok123 and enter code 654321',
        },
        actor: { role: 'operator', subjectId: 'op-1' },
        secrets: ['tok123', '654321'],
      },
    );
    await store.commit(requested.change);
    const received: string[] = [];
    await sendMessage(
      sendDeps(store, async ({ text }) => {
        received.push(text);
        return { providerMessageId: `p-${requested.messageId}` };
      }),
      { messageId: requested.messageId },
    );
    expect(received).toEqual(['Open https://x.example/join/tok123 and enter code 654321']);
    const stored = (await store.messages.message(requested.messageId)).message;
    expect(stored.status).toBe('sent');
    expect(JSON.stringify(stored)).not.toMatch(/tok123|654321/);
  });
});

describe('FixedWindowRateLimiter on DynamoDB Local', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  beforeAll(async () => {
    table = await freshTable();
  });

  it('lets through the channel’s quota per second, concurrently, and no more', async () => {
    let now = new Date('2026-11-28T10:00:00.100Z');
    const clock: Clock = { now: () => now };
    const limiter = new FixedWindowRateLimiter(table.client, table.tableName, clock, { sms: 3, email: 1 });
    const granted = await Promise.all(Array.from({ length: 10 }, () => limiter.tryAcquire('sms')));
    expect(granted.filter(Boolean)).toHaveLength(3);
    expect(await limiter.tryAcquire('email')).toBe(true);
    expect(await limiter.tryAcquire('email')).toBe(false);
    now = new Date('2026-11-28T10:00:01.000Z');
    expect(await limiter.tryAcquire('sms')).toBe(true);
  });

  it('makes a send over the rate wait without claiming or sending the message', async () => {
    const store = storeOn(table);
    const requested = requestMessage(
      { ids: randomIds, clock: systemClock, store },
      {
        chainId: `CASE#${randomIds.next('dsp')}`,
        purpose: 'test',
        content: { channel: 'sms', to: '+8613912345678', text: 'hello' },
        actor: { role: 'operator', subjectId: 'op-1' },
      },
    );
    await store.commit(requested.change);
    let sent = 0;
    const deps = {
      ...sendDeps(store, async () => {
        sent++;
        return { providerMessageId: 'x' };
      }),
      rateLimiter: { tryAcquire: async () => false },
    };
    await expect(sendMessage(deps, { messageId: requested.messageId })).rejects.toMatchObject({
      name: 'MessageSendRetryable',
    });
    expect(sent).toBe(0);
    expect((await store.messages.message(requested.messageId)).message.status).toBe('pending');
  });
});
