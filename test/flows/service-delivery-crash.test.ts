import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials } from '../../infra/local/emulators';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { uploadedDesignation } from '../support/designation-evidence';
import { eventually } from '../support/eventually';
import {
  killPlatformChild,
  type PlatformChild,
  type PlatformReady,
  startPlatformChild,
  stopPlatformChild,
} from '../support/platform-child';
import { mobile } from '../support/portal-fixtures';
import { pdf, seedPerson } from '../support/service-harness';

/**
 * The platform's Node process killed (`SIGKILL`: no handler runs, nothing is flushed) three times
 * while one service to many recipients is being delivered, and started again on the same data
 * directory each time (DynamoDB Local's files, the SMS gateway's record of what it sent and which
 * receipts it handed over). DynamoDB Local is the platform's child: a killed parent leaves it
 * running, so it is killed too, as the machine going down would. Each number must have been sent
 * one SMS, never two (counted at the gateway), and every recipient served: an attempt a kill cut
 * between its claim and the call is `unknown`, and with no delivery record in its send window it
 * is sent again as a new attempt.
 */

const recipientCount = 100;
const kills = 3;
const receiptSeconds = 15;

const script = join(import.meta.dirname, '../support/platform-process.ts');

// A start takes about 8 s on an idle machine, and minutes on one shared by several test runs.
const start = (dataDir: string) =>
  startPlatformChild(
    script,
    { PLATFORM_DATA_DIR: dataDir, PLATFORM_TEST_RECEIPT_SECONDS: String(receiptSeconds) },
    180_000,
  );

async function call(ready: PlatformReady, method: string, path: string, body?: unknown) {
  const response = await fetch(`${ready.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${ready.operatorToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : undefined };
}

async function smsSent(ready: PlatformReady): Promise<Array<{ phoneNumber: string; messageId: string }>> {
  const response = await fetch(`${ready.sms}/messages`);
  return (await response.json()) as Array<{ phoneNumber: string; messageId: string }>;
}

describe(`a service to ${recipientCount} recipients with the platform killed ${kills} times mid-delivery`, () => {
  let dataDir: string;
  let running: PlatformChild | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'platform-crash-'));
  });
  afterAll(async () => {
    if (running) await stopPlatformChild(running).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('sends each number one SMS, never two, and serves every recipient', async () => {
    // Prepare
    running = await start(dataDir);
    const { ready } = running;
    const client = createDocumentClient({
      endpoint: ready.dynamodb,
      region: ready.region,
      credentials: localCredentials,
    });
    const store = new DynamoStateStore({ client, tableName: ready.tableName, clock: systemClock, ids: randomIds });
    const phones = new Map<string, string>();
    const recipients: Array<{ personId: string }> = [];
    // Ten at a time: DynamoDB Local on a loaded machine gives up on a lock ("will succeed in actual
    // DynamoDB") when a hundred transactions wait at once.
    for (let batch = 0; batch < recipientCount / 10; batch++) {
      recipients.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async () => {
            const person = await seedPerson(store);
            const phone = mobile();
            phones.set(person.personId, phone);
            const added = await call(ready, 'POST', `/v1/parties/${person.personId}/addresses`, {
              addresses: [
                {
                  channel: 'sms',
                  value: phone,
                  source: 'recipient_designated',
                  observedAt: new Date().toISOString(),
                  evidence: await uploadedDesignation(() =>
                    call(ready, 'POST', '/v1/services/documents', { mediaType: 'application/pdf' }),
                  ),
                },
              ],
            });
            expect(added.status, added.text).toBe(200);
            return { personId: person.personId };
          }),
        )),
      );
    }
    client.destroy();

    // Act: serve, then kill the platform whenever more SMS have gone out since it (re)started
    const created = await call(ready, 'POST', '/v1/services', {
      document: { title: '民事裁定书 Ruling', kind: 'ruling', mediaType: 'application/pdf', contentBase64: pdf() },
      recipients,
    });
    expect(created.status, created.text).toBe(201);
    const serviceId = created.json.serviceId as string;
    const sentAtKill: number[] = [];
    for (let round = 0; round < kills; round++) {
      const current = running;
      const before = (await smsSent(current.ready)).length;
      const sent = await eventually(
        `more SMS go out after start ${round + 1}`,
        async () => {
          const count = (await smsSent(current.ready)).length;
          expect(count).toBeGreaterThanOrEqual(Math.min(recipientCount, before + 10));
          return count;
        },
        { timeout: 180_000, interval: 50 },
      );
      await killPlatformChild(current);
      sentAtKill.push(sent);
      running = await start(dataDir);
    }
    const last = running;

    // Assess
    const final = await eventually(
      'every recipient is served or unserved',
      async () => {
        const response = await call(last.ready, 'GET', `/v1/services/${serviceId}`);
        const all = response.json.recipients as Array<{
          personId: string;
          status: string;
          attempts: Array<{ messageStatus: string }>;
        }>;
        expect(all.filter((recipient) => !['served', 'unserved'].includes(recipient.status))).toEqual([]);
        return all;
      },
      { timeout: 240_000, interval: 250 },
    );
    const sms = await smsSent(last.ready);
    const sentTo = new Map<string, number>();
    for (const message of sms) sentTo.set(message.phoneNumber, (sentTo.get(message.phoneNumber) ?? 0) + 1);
    const attempts = final.flatMap((recipient) => recipient.attempts);
    expect(
      [...sentTo].filter(([, count]) => count > 1),
      'no attempt sent twice',
    ).toEqual([]);
    const resentAfterAKnownSend = final.filter((recipient) =>
      recipient.attempts.slice(0, -1).some((attempt) => attempt.messageStatus !== 'unknown'),
    );
    expect(resentAfterAKnownSend, 'a second attempt only after an unknown one (one address each)').toEqual([]);
    const notServed = final.filter((recipient) => recipient.status !== 'served');
    expect(
      notServed.map((recipient) => ({ ...recipient, sms: sentTo.get(phones.get(recipient.personId) ?? '') ?? 0 })),
      'every recipient served',
    ).toEqual([]);
    const served = final.length - notServed.length;
    console.info(
      `served/delivered after ${kills} kills (SMS out at each kill: ${sentAtKill.join(', ')}): ${served}/${sentTo.size} of ${recipientCount}, ` +
        `${attempts.filter((attempt) => attempt.messageStatus === 'unknown').length} attempts unknown, ${sms.length} SMS sent`,
    );
  }, 900_000);
});
