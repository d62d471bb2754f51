import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewServedDocument } from '../../shared/use-cases/service/portal';
import { eventually } from '../support/eventually';
import { addAddresses, serve } from '../support/portal-fixtures';
import { type ServiceHarness, seedPerson, startServiceHarness } from '../support/service-harness';

/**
 * Notice after legal service (issue 16, item 4), on the local stack: served by delivery at a
 * designated number that nobody reads, the recipient is reminded by email after the configured
 * time; the service time stays the SMS delivery; the proof shows the legal service and the
 * reminder, and the opening of the document through the reminder's link.
 */

const operator: ['operator', string] = ['operator', 'op-notice'];
const mobile = () => `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const reminderSeconds = 4;

describe('notice after legal service', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startServiceHarness();
    h.settings.timeouts = { ...h.settings.timeouts, noticeReminder: reminderSeconds };
  });
  afterAll(() => h?.stop());

  /** The email's stored form, as the SES emulator lists it (its body carries the link and code). */
  async function mailsTo(address: string): Promise<string[]> {
    const response = await fetch(`${h.ses.endpoint}/store`);
    const body = (await response.json()) as { emails: Array<{ destination: { to: string[] } }> };
    return body.emails.filter((mail) => mail.destination.to.includes(address)).map((mail) => JSON.stringify(mail));
  }

  it('reminds by email a recipient served at a silent designated number, and the proof shows both', async () => {
    const person = await seedPerson(h.store);
    const phone = mobile();
    const email = `success+${randomBytes(4).toString('hex')}@simulator.amazonses.com`;
    await addAddresses(h, person, [
      { channel: 'sms', value: phone, source: 'recipient_designated' },
      { channel: 'email', value: email, source: 'civil_activity_record' },
    ]);
    const { serviceId, recipientId } = await serve(h, person, operator);

    const served = await eventually(
      'served by the delivery receipt at the designated number',
      async () => {
        const response = await h.call('GET', `/v1/services/${serviceId}`, { as: operator });
        const recipient = response.json.recipients[0];
        expect(recipient).toMatchObject({ status: 'served', rule: 'delivered_to_recipient_designated_address' });
        return recipient as { servedAt: string };
      },
      { timeout: 30_000 },
    );
    // Nobody reads the number: nothing is opened. No reminder before the configured time.
    expect(await mailsTo(email)).toHaveLength(0);

    const closed = await h.whenClosed(recipientId);
    expect(closed.status).toBe('succeeded');
    const [reminder] = await eventually('the reminder email reached the emulator', async () => {
      const mails = await mailsTo(email);
      expect(mails).toHaveLength(1);
      return mails;
    });

    // The person reads the reminder and opens the document through its link.
    const text = (reminder as string).replace(/\\n/g, ' ');
    const token = /\/r\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
    const code = /(?:验证码|code)\D{0,12}(\d{6})/.exec(text)?.[1];
    expect(token && code, 'the reminder carries a portal link and code').toBeTruthy();
    await viewServedDocument({ ...h.deps, documents: h.documents }, token as string, {
      code: code as string,
      idLastDigits: person.idLast4,
    });

    const proof = await h.call('GET', `/v1/services/${serviceId}/proof`, { as: operator });
    expect(proof.status).toBe(200);
    const recipient = proof.json.recipients[0];
    expect(recipient.chain.verification).toMatchObject({ intact: true });
    // Legal service: the SMS delivery at the designated number, at the time it was recorded.
    expect(recipient.served).toMatchObject({
      rule: 'delivered_to_recipient_designated_address',
      attemptNo: 1,
      at: served.servedAt,
    });
    const [service, remind] = recipient.attempts;
    expect(service).toMatchObject({ attemptNo: 1, channel: 'sms', messageStatus: 'delivered' });
    expect(service.openedAt).toBeUndefined();
    // Actual notice: the reminder by email, sent after the configured time, opened.
    expect(remind).toMatchObject({ attemptNo: 2, channel: 'email', purpose: 'notice_reminder' });
    expect(Date.parse(remind.sentAt) - Date.parse(served.servedAt)).toBeGreaterThanOrEqual(reminderSeconds * 1000);
    expect(remind.openedAt).toEqual(expect.any(String));
    expect(recipient.status).toBe('served');

    // The status shows legal service and actual notice side by side.
    const status = (await h.call('GET', `/v1/services/${serviceId}`, { as: operator })).json.recipients[0];
    expect(status).toMatchObject({ servedAt: served.servedAt, noticedAt: remind.openedAt });
  }, 180_000);
});
