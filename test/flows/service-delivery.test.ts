import { randomBytes } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipientChainId } from '../../shared/domain/service/service-chains';
import type { PersonConsentWriter } from '../../shared/ports/identity-checks';
import {
  type SendAccepted,
  SendNotAccepted,
  SendOutcomeUnknown,
  type SmsChannel,
} from '../../shared/ports/message-channels';
import type { StateStore } from '../../shared/ports/state-store';
import { recordDeliveryEvent } from '../../shared/use-cases/message-delivery/record-delivery-event';
import { personConsentWriterOf } from '../../shared/use-cases/people/person-consent';
import { acknowledgeService, viewServedDocument } from '../../shared/use-cases/service/portal';
import { sendFreshPortalCode } from '../../shared/use-cases/service/portal-code';
import { eventually } from '../support/eventually';
import { addAddresses as addOperatorAddresses } from '../support/portal-fixtures';
import {
  pdf,
  type SeededPerson,
  type ServiceHarness,
  seedCourt,
  seedPerson,
  startServiceHarness,
} from '../support/service-harness';

/** The portal's deps here: the service ports and the people feature's consent write (signing may record consent). */
function signing<D extends { store: StateStore }>(deps: D): D & { personConsentWrite: PersonConsentWriter } {
  return { ...deps, personConsentWrite: personConsentWriterOf(deps.store) };
}

const operator: ['operator', string] = ['operator', 'op-service'];
const tag = () => randomBytes(4).toString('hex');
/** A CN mobile number no other test uses (139 + 8 digits). */
const mobile = () => `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** The provider throttles the first `times` sends to each address in `addresses`, as SNS and SES do under a burst. */
function throttling<M extends { to: string }>(
  times: number,
  addresses: Set<string>,
): (channel: { send(message: M): Promise<{ providerMessageId: string }> }) => {
  send(message: M): Promise<{ providerMessageId: string }>;
} {
  const seen = new Map<string, number>();
  return (channel) => ({
    async send(message) {
      if (addresses.has(message.to)) {
        const count = (seen.get(message.to) ?? 0) + 1;
        seen.set(message.to, count);
        if (count <= times) {
          throw new SendNotAccepted('the provider did not accept the message (throttled)', { retryable: true });
        }
      }
      return channel.send(message);
    },
  });
}

/**
 * The process stops after the claim and before the provider is called, the first `times` sends to
 * each number or address in `stops` (a kill in that window, as the province day met one): nothing
 * leaves, and the send is recorded `unknown`.
 */
function stoppingBeforeTheCall(stops: Map<string, number>): <M extends { to: string }>(channel: {
  send(message: M): Promise<SendAccepted>;
}) => {
  send(message: M): Promise<SendAccepted>;
} {
  return (channel) => ({
    async send(message) {
      const left = stops.get(message.to) ?? 0;
      if (left > 0) {
        stops.set(message.to, left - 1);
        throw new SendOutcomeUnknown('the process stopped before the provider was called');
      }
      return channel.send(message);
    },
  });
}

/** SNS gets the first send to each number in `lost`, and its answer is lost on the way back. */
function losingTheAnswer(lost: Set<string>): (channel: SmsChannel) => SmsChannel {
  return (channel) => ({
    async send(message) {
      const accepted = await channel.send(message);
      if (lost.delete(message.to)) throw new SendOutcomeUnknown('the answer was lost');
      return accepted;
    },
  });
}

describe('ServiceDelivery on the local stack', () => {
  let h: ServiceHarness;
  const throttled = new Set<string>();
  const stops = new Map<string, number>();
  const answersLost = new Set<string>();
  beforeAll(async () => {
    h = await startServiceHarness({
      wrapSms: (sms) => stoppingBeforeTheCall(stops)(losingTheAnswer(answersLost)(throttling(2, throttled)(sms))),
      wrapEmail: (email) => stoppingBeforeTheCall(stops)(throttling(2, throttled)(email)),
    });
  });
  afterAll(() => h?.stop());

  const addAddresses = (person: SeededPerson, addresses: Array<Record<string, unknown>>) =>
    addOperatorAddresses(h, person, addresses);

  async function serve(person: SeededPerson, as: [string, string] = operator, extra: Record<string, unknown> = {}) {
    const response = await h.call('POST', '/v1/services', {
      as: as as ['operator', string],
      body: {
        document: { title: '民事裁定书 Ruling', kind: 'ruling', mediaType: 'application/pdf', contentBase64: pdf() },
        recipients: [{ personId: person.personId }],
        ...extra,
      },
    });
    expect(response.status, response.text).toBe(201);
    return {
      serviceId: response.json.serviceId as string,
      recipientId: response.json.recipients[0].recipientId as string,
    };
  }

  async function status(serviceId: string) {
    const response = await h.call('GET', `/v1/services/${serviceId}`, { as: operator });
    expect(response.status).toBe(200);
    return response.json.recipients[0];
  }

  /** The portal link's token and the code, as the recipient reads them in the SMS. */
  function secretsIn(text: string) {
    const token = /\/r\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
    const code = /(?:验证码|code) (\d{6})/.exec(text)?.[1];
    if (!token || !code) throw new Error(`no link or code in ${text}`);
    return { token, code };
  }

  it('falls back from a bouncing email to SMS, is served when the recipient signs, and proves it', async () => {
    const person = await seedPerson(h.store);
    const bouncing = `bounce+${tag()}@simulator.amazonses.com`;
    const phone = mobile();
    await addAddresses(person, [
      { channel: 'email', value: bouncing, source: 'recipient_designated' },
      { channel: 'sms', value: phone, source: 'registration_record' },
    ]);
    const { serviceId, recipientId } = await serve(person);

    await eventually(
      'the email bounced, one SMS went out and the workflow waits for its receipt',
      () => h.runner.isWaitingForToken('ServiceDelivery', recipientId) && h.smsTo(phone).length === 1,
      { timeout: 15_000 },
    );
    expect(await h.emailsTo(bouncing)).toHaveLength(1);
    const sms = h.smsTo(phone)[0]?.message ?? '';
    // The SMS is short (signature, link, code, reference); the title is in the email and the portal.
    expect(sms).toMatch(/^【[^】]+】/);
    expect(sms).toMatch(/核验编号SD[2-9A-Z]{10}$/);
    expect(sms).toContain('https://platform.example/r/');
    expect(sms).not.toContain('%PDF');
    const { token, code } = secretsIn(sms);

    // Delivered at a registration-record address: not served until the recipient signs.
    await eventually('the SMS attempt is delivered', async () => {
      expect((await status(serviceId)).attempts[1]?.messageStatus).toBe('delivered');
    });
    expect((await status(serviceId)).status).toBe('attempting');

    const viewed = await viewServedDocument({ ...h.deps, documents: h.documents }, token, {
      code,
      idLastDigits: person.idLast4,
    });
    expect(Buffer.from(viewed.content).toString()).toContain('%PDF');
    const signed = await acknowledgeService(
      signing(h.deps),
      token,
      { code, idLastDigits: person.idLast4 },
      { ip: '127.0.0.1' },
    );
    expect(signed.recipientId).toBe(recipientId);

    const closed = await h.whenClosed(recipientId);
    expect(closed.status).toBe('succeeded');
    const served = await status(serviceId);
    expect(served).toMatchObject({ status: 'served', rule: 'signed_for_in_portal', servedAt: signed.acknowledgedAt });
    expect(
      served.attempts.map((attempt: { channel: string; outcome: string }) => [attempt.channel, attempt.outcome]),
    ).toEqual([
      ['email', 'hard_bounce'],
      ['sms', 'acknowledged'],
    ]);

    const proof = await h.call('GET', `/v1/services/${serviceId}/proof`, { as: operator });
    expect(proof.status).toBe(200);
    expect(proof.json.chain.verification).toMatchObject({ intact: true });
    expect(proof.json.recipients[0].chain.verification, "the recipient's chain verifies").toMatchObject({
      intact: true,
    });
    expect(proof.json.document.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [bounced, signedFor] = proof.json.recipients[0].attempts;
    expect(bounced).toMatchObject({ channel: 'email', outcome: 'hard_bounce', consentBasis: 'platform_declaration' });
    expect(bounced.address).not.toContain(bouncing.split('@')[0]);
    expect(signedFor).toMatchObject({ channel: 'sms', outcome: 'acknowledged', acknowledgedAt: signed.acknowledgedAt });
    expect(signedFor.providerMessageId).toBeTruthy();
    expect(signedFor.sources[0]).toMatchObject({ source: 'registration_record' });
    expect(proof.json.recipients[0].served).toMatchObject({ rule: 'signed_for_in_portal', attemptNo: 2 });

    const page = await h.call('GET', `/v1/services/${serviceId}/proof?format=html`, { as: operator });
    expect(page.status).toBe(200);
    expect(page.text).toContain('intact');

    // Learning: the bounced email is out, the number that served leads the next plan.
    const plan = await h.call('GET', `/v1/parties/${person.personId}/addresses`, { as: operator });
    expect(plan.json.plan[0]).toMatchObject({ channel: 'sms', sources: expect.arrayContaining(['earlier_service']) });
    expect(plan.json.excluded[0].reasons.map((reason: { code: string }) => reason.code)).toContain('hard_bounced');
  });

  it('serves at delivery to a recipient-designated number, with no signature', async () => {
    const person = await seedPerson(h.store);
    const phone = mobile();
    await addAddresses(person, [{ channel: 'sms', value: phone, source: 'recipient_designated' }]);
    const { serviceId, recipientId } = await serve(person);
    expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
    const served = await status(serviceId);
    expect(served).toMatchObject({ status: 'served', rule: 'delivered_to_recipient_designated_address' });
    expect(served.servedAt).toBe(served.attempts[0].deliveredAt);
    expect(h.smsTo(phone)).toHaveLength(1);
  });

  it('writes the SMS in the language the service names (English here), in Chinese when it names none', async () => {
    const [english, chinese] = [await seedPerson(h.store), await seedPerson(h.store)];
    const [englishPhone, chinesePhone] = [mobile(), mobile()];
    await addAddresses(english, [{ channel: 'sms', value: englishPhone, source: 'recipient_designated' }]);
    await addAddresses(chinese, [{ channel: 'sms', value: chinesePhone, source: 'recipient_designated' }]);

    const served = [await serve(english, operator, { language: 'en' }), await serve(chinese)];

    await Promise.all(served.map(({ recipientId }) => h.whenClosed(recipientId)));
    const [englishText, chineseText] = [englishPhone, chinesePhone].map((phone) => h.smsTo(phone)[0]?.message ?? '');
    expect(englishText).toContain('A court document awaits you');
    expect(englishText).not.toContain('您有法律文书待签收');
    expect(chineseText).toContain('您有法律文书待签收');
  });

  it('moves on when no receipt comes in time, ends unserved, and takes alternative service', async () => {
    h.settings.timeouts = { ...h.settings.timeouts, receipt: { sms: 1, email: 1 } };
    try {
      const person = await seedPerson(h.store);
      await addAddresses(person, [{ channel: 'sms', value: '+8613800000002', source: 'recipient_designated' }]);
      const { serviceId, recipientId } = await serve(person);
      expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
      const unserved = await status(serviceId);
      expect(unserved).toMatchObject({ status: 'unserved', unservedReason: 'every_address_failed' });
      expect(unserved.attempts[0]).toMatchObject({ messageStatus: 'no_receipt', outcome: 'no_receipt' });

      const alternative = await h.call('POST', `/v1/services/${serviceId}/alternative-service`, {
        as: operator,
        body: { recipientId, method: 'post', reference: 'EMS1234567890' },
      });
      expect(alternative.status, alternative.text).toBe(200);
      expect(alternative.json.status).toBe('served_alternatively');
      const again = await h.call('POST', `/v1/services/${serviceId}/alternative-service`, {
        as: operator,
        body: { recipientId, method: 'public_notice' },
      });
      expect(again.status).toBe(422);
    } finally {
      h.settings.timeouts = { ...h.settings.timeouts, receipt: { sms: 5, email: 5 } };
    }
  });

  it('serves an unserved recipient when a late receipt shows the designated number got it in time', async () => {
    h.settings.timeouts = { ...h.settings.timeouts, receipt: { sms: 1, email: 1 } };
    try {
      const person = await seedPerson(h.store);
      await addAddresses(person, [{ channel: 'sms', value: '+8613800000002', source: 'recipient_designated' }]);
      const { serviceId, recipientId } = await serve(person);
      expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
      const unserved = await status(serviceId);
      expect(unserved).toMatchObject({ status: 'unserved' });

      // The carrier's receipt arrives after the workflow gave up on it: delivery at a designated
      // address completed service at the receipt's time, which is the service time.
      const { value: recipient } = await h.store.services.recipient(serviceId, recipientId);
      const messageId = recipient.attempts[0]?.messageId ?? '';
      const { message } = await h.store.messages.message(messageId);
      const deliveredAt = new Date(Date.parse(message.sentAt ?? '') + 500).toISOString();
      await recordDeliveryEvent(h.deps, {
        channel: 'sms',
        providerMessageId: message.providerMessageId ?? '',
        event: { kind: 'delivered', at: deliveredAt },
      });
      await eventually('the recipient is served', async () => {
        expect((await status(serviceId)).status).toBe('served');
      });
      expect(await status(serviceId)).toMatchObject({
        status: 'served',
        servedAt: deliveredAt,
        rule: 'delivered_to_recipient_designated_address',
      });
    } finally {
      h.settings.timeouts = { ...h.settings.timeouts, receipt: { sms: 5, email: 5 } };
    }
  });

  it('serves an unserved recipient who signs later through the link (earliest effective time)', async () => {
    h.settings.timeouts = { ...h.settings.timeouts, acknowledgement: { sms: 1, email: 1 } };
    try {
      const person = await seedPerson(h.store);
      const phone = mobile();
      await addAddresses(person, [{ channel: 'sms', value: phone, source: 'civil_activity_record' }]);
      const { serviceId, recipientId } = await serve(person);
      expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
      expect(await status(serviceId)).toMatchObject({ status: 'unserved', unservedReason: 'every_address_failed' });

      const { token, code } = secretsIn(h.smsTo(phone)[0]?.message ?? '');
      const signed = await acknowledgeService(signing(h.deps), token, { code, idLastDigits: person.idLast4 }, {});
      expect(signed.status).toBe('served');
      expect(await status(serviceId)).toMatchObject({ status: 'served', servedAt: signed.acknowledgedAt });
      const book = await h.store.services.addressBook(person.personHash);
      expect(book.value[0]?.sources.map((source) => source.source)).toContain('earlier_service');
    } finally {
      h.settings.timeouts = { ...h.settings.timeouts, acknowledgement: { sms: 20, email: 20 } };
    }
  });

  it('makes no electronic attempt without the recipient’s consent', async () => {
    const person = await seedPerson(h.store, { consent: null });
    const phone = mobile();
    await addAddresses(person, [{ channel: 'sms', value: phone, source: 'recipient_designated' }]);
    const { serviceId, recipientId } = await serve(person);
    expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
    expect(await status(serviceId)).toMatchObject({ status: 'unserved', unservedReason: 'no_consent', attempts: [] });
    expect(h.smsTo(phone)).toHaveLength(0);
  });

  it('retries a throttled send and sends exactly one message for the attempt', async () => {
    const person = await seedPerson(h.store);
    const phone = mobile();
    throttled.add(phone);
    await addAddresses(person, [{ channel: 'sms', value: phone, source: 'recipient_designated' }]);
    const { serviceId, recipientId } = await serve(person);
    expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
    expect((await status(serviceId)).status).toBe('served');
    expect(h.smsTo(phone)).toHaveLength(1);
    const chain = await h.store.readChain(recipientChainId(serviceId, recipientId));
    expect(chain.events.filter((event) => event.type === 'message.send_deferred')).toHaveLength(2);
  });

  it('retries a throttled email and sends exactly one to the SES emulator', async () => {
    const person = await seedPerson(h.store);
    const address = `success+${tag()}@simulator.amazonses.com`;
    throttled.add(address);
    await addAddresses(person, [{ channel: 'email', value: address, source: 'recipient_designated' }]);
    const { serviceId, recipientId } = await serve(person);
    expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
    expect((await status(serviceId)).status).toBe('served');
    expect(await h.emailsTo(address)).toHaveLength(1);
  });

  it.each([
    {
      sent: 'SMS',
      evidence: 'no delivery record for the number in its send window',
      channel: 'sms',
      address: mobile,
      received: async (to: string) => h.smsTo(to).length,
    },
    {
      sent: 'email',
      evidence: 'no SES Send event',
      channel: 'email',
      address: () => `success+${tag()}@simulator.amazonses.com`,
      received: async (to: string) => (await h.emailsTo(to)).length,
    },
  ])(
    'sends again to the same address once when an unknown $sent never left ($evidence)',
    async ({ channel, address, received }) => {
      const person = await seedPerson(h.store);
      const to = address();
      stops.set(to, 1);
      await addAddresses(person, [{ channel, value: to, source: 'recipient_designated' }]);
      const { serviceId, recipientId } = await serve(person);
      expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
      const served = await status(serviceId);
      expect(served.status).toBe('served');
      expect(served.attempts.map((attempt: { messageStatus: string }) => attempt.messageStatus)).toEqual([
        'unknown',
        'delivered',
      ]);
      expect(served.attempts[1].address).toBe(served.attempts[0].address);
      expect(await received(to)).toBe(1);
      const chain = await h.store.readChain(recipientChainId(serviceId, recipientId));
      const settled = chain.events.find((event) => event.type === 'service.attempt_settled');
      expect(settled?.data).toMatchObject({ attemptNo: 1, outcome: 'unknown', resend: { reason: 'never_sent' } });
    },
  );

  it('stops sending to a number whose sends never leave after two resends, and ends unserved', async () => {
    const person = await seedPerson(h.store);
    const phone = mobile();
    stops.set(phone, 10);
    await addAddresses(person, [{ channel: 'sms', value: phone, source: 'recipient_designated' }]);
    const { serviceId, recipientId } = await serve(person);
    expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
    const unserved = await status(serviceId);
    expect(unserved).toMatchObject({ status: 'unserved', unservedReason: 'every_address_failed' });
    expect(unserved.attempts).toHaveLength(3);
    expect(stops.get(phone)).toBe(7);
    expect(h.smsTo(phone)).toHaveLength(0);
  });

  it('does not send again when the number’s delivery record shows the unknown SMS left', async () => {
    const person = await seedPerson(h.store);
    const phone = mobile();
    answersLost.add(phone);
    await addAddresses(person, [{ channel: 'sms', value: phone, source: 'recipient_designated' }]);
    const { serviceId, recipientId } = await serve(person);
    expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
    const served = await status(serviceId);
    expect(served.status).toBe('served');
    expect(served.attempts).toHaveLength(1);
    expect(h.smsTo(phone)).toHaveLength(1);
  });

  it('completes after the runtime stops mid-workflow and starts again, with no duplicate message', async () => {
    const person = await seedPerson(h.store);
    const phone = mobile();
    await addAddresses(person, [{ channel: 'sms', value: phone, source: 'other_party_provided' }]);
    const { serviceId, recipientId } = await serve(person);
    await eventually(
      'the first attempt is delivered',
      async () => {
        expect((await status(serviceId)).attempts[0]?.messageStatus).toBe('delivered');
      },
      { timeout: 15_000 },
    );
    await eventually('the workflow waits for the signature', () =>
      h.runner.isWaitingForToken('ServiceDelivery', recipientId),
    );

    const resumed = await h.restart();
    expect(resumed).toContain(recipientId);
    await eventually('the resumed workflow waits for the signature again', () =>
      h.runner.isWaitingForToken('ServiceDelivery', recipientId),
    );
    const { token, code } = secretsIn(h.smsTo(phone)[0]?.message ?? '');
    await acknowledgeService(signing(h.deps), token, { code, idLastDigits: person.idLast4 }, {});

    expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
    expect((await status(serviceId)).status).toBe('served');
    expect(h.smsTo(phone)).toHaveLength(1);
    const execution = await h.runner.getExecution('ServiceDelivery', recipientId);
    expect(execution?.runs).toBe(2);
  });

  it('lets a court serve parties of its own cases only', async () => {
    const court = await seedCourt(h.store);
    const ours = await seedPerson(h.store);
    const theirs = await seedPerson(h.store);
    await court.addCase(ours);
    await (await seedCourt(h.store, 'another court')).addCase(theirs);
    const keys = async () => (await h.allItems()).map((item) => `${item.pk} ${item.sk}`).sort();
    const before = await keys();
    const refused = await h.call('POST', '/v1/services', {
      as: court.as,
      body: {
        document: { title: 'Summons', kind: 'summons', mediaType: 'application/pdf', contentBase64: pdf() },
        recipients: [{ personId: ours.personId }, { personId: theirs.personId }],
      },
    });
    expect(refused.status).toBe(404);
    expect(await keys(), 'a refused service writes no item').toEqual(before);

    const phone = mobile();
    await addAddresses(ours, [{ channel: 'sms', value: phone, source: 'recipient_designated' }]);
    const { serviceId, recipientId } = await serve(ours, court.as);
    expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
    expect(h.smsTo(phone)[0]?.message).toContain('深圳市福田区人民法院');
    expect((await h.call('GET', `/v1/services/${serviceId}`, { as: court.as })).status).toBe(200);
    const other = await seedCourt(h.store, 'third court');
    expect((await h.call('GET', `/v1/services/${serviceId}/proof`, { as: other.as })).status).toBe(404);
  });

  it('detects tampering with stored events and names the first broken link', async () => {
    const person = await seedPerson(h.store);
    await addAddresses(person, [{ channel: 'sms', value: mobile(), source: 'recipient_designated' }]);
    const { serviceId, recipientId } = await serve(person);
    await h.whenClosed(recipientId);
    const intact = await h.call('GET', `/v1/services/${serviceId}/proof`, { as: operator });
    expect(intact.json.chain.verification.intact, "the service's chain verifies").toBe(true);
    expect(intact.json.recipients[0].chain.verification.intact, "the recipient's chain verifies").toBe(true);

    // An edit of the recipient's third event (its send) in the table, as a writer of the table could make it.
    await h.client.send(
      new UpdateCommand({
        TableName: h.tableName,
        Key: { pk: recipientChainId(serviceId, recipientId), sk: 'EVENT#0000000003' },
        UpdateExpression: 'SET #event.#at = :at',
        ExpressionAttributeNames: { '#event': 'event', '#at': 'at' },
        ExpressionAttributeValues: { ':at': '2020-01-01T00:00:00.000Z' },
      }),
    );
    const tampered = await h.call('GET', `/v1/services/${serviceId}/proof`, { as: operator });
    expect(tampered.json.recipients[0].chain.verification).toEqual({
      intact: false,
      brokenAt: 3,
      reason: 'content_hash_mismatch',
    });
    const page = await h.call('GET', `/v1/services/${serviceId}/proof?format=html`, { as: operator });
    expect(page.text).toContain('BROKEN at event 3');
  });

  it('closes a portal code after twenty wrong proofs, until the addressee gets a fresh code at the same address', async () => {
    const person = await seedPerson(h.store);
    const phone = mobile();
    await addAddresses(person, [{ channel: 'sms', value: phone, source: 'recipient_designated' }]);
    const { recipientId, serviceId } = await serve(person);
    await h.whenClosed(recipientId);
    const { token, code } = secretsIn(h.smsTo(phone)[0]?.message ?? '');
    const wrong = code === '000000' ? '000001' : '000000';
    for (let attempt = 1; attempt <= 20; attempt++) {
      await expect(
        acknowledgeService(signing(h.deps), token, { code: wrong, idLastDigits: person.idLast4 }, {}),
      ).rejects.toMatchObject({
        code: 'wrong_proof',
      });
    }
    await expect(
      acknowledgeService(signing(h.deps), token, { code, idLastDigits: person.idLast4 }, {}),
    ).rejects.toMatchObject({
      code: 'link_locked',
    });
    await expect(acknowledgeService(signing(h.deps), token, { code, idLastDigits: '0000' }, {})).rejects.toMatchObject({
      code: 'link_locked',
    });
    // Waiting does not reopen the code: only its addressee can, with a fresh code.
    const later = { now: () => new Date(h.clock.now().getTime() + 16 * 60_000) };
    await expect(
      acknowledgeService(signing({ store: h.store, clock: later }), token, { code, idLastDigits: person.idLast4 }, {}),
    ).rejects.toMatchObject({ code: 'link_locked' });
    const before = await h.store.services.recipient(serviceId, recipientId);

    await sendFreshPortalCode(h.httpDeps, token, 'service-delivery-client');
    await eventually('the fresh code reaches the same phone', () => h.smsTo(phone).length === 2, { timeout: 15_000 });
    const fresh = h.smsTo(phone)[1]?.message ?? '';
    const freshCode = /(?:验证码|code) (\d{6})/.exec(fresh ?? '')?.[1] as string;

    expect(fresh).toMatch(/^【[^】]+】/);
    const reference = before.value.attempts[0]?.reference as string;
    expect(fresh).toContain(reference);
    if (freshCode !== code) {
      await expect(
        acknowledgeService(signing(h.deps), token, { code, idLastDigits: person.idLast4 }, {}),
      ).rejects.toMatchObject({ code: 'wrong_proof' });
    }
    const signed = await acknowledgeService(
      signing(h.deps),
      token,
      { code: freshCode, idLastDigits: person.idLast4 },
      {},
    );
    // Served at delivery already: signing adds evidence, the service time stays the earliest.
    expect(signed.status).toBe('served');
    const after = await h.store.services.recipient(serviceId, recipientId);
    expect(after.value.attempts).toHaveLength(1);
    expect(after.value.attempts[0]?.messageId).toBe(before.value.attempts[0]?.messageId);
    expect(after.value.served).toEqual(before.value.served);
  });

  it('keeps what the address book learned for the next service', async () => {
    const person = await seedPerson(h.store);
    const phone = mobile();
    await addAddresses(person, [{ channel: 'sms', value: phone, source: 'recipient_designated' }]);
    const { recipientId } = await serve(person);
    await h.whenClosed(recipientId);
    const book = await h.store.services.addressBook(person.personHash);
    expect(book.value[0]?.outcomes).toMatchObject({ attempts: 1, delivered: 1, lastOutcome: 'delivered' });
    expect(book.value[0]?.sources.map((source) => source.source)).toContain('earlier_service');
  });
});
