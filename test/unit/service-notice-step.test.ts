import { describe, expect, it } from 'vitest';
import { maxNoticeReminders, noticeReminderWait, noticeStep } from '../../shared/domain/service/notice-reminders';
import type { RecipientRecord, ServiceAttempt } from '../../shared/domain/service/recipient';

const servedAt = '2026-03-01T08:00:00.000Z';
const hour = 3_600_000;

function planned(addressId: string, channel: 'sms' | 'email', reach?: 'reaches' | 'silent' | 'untested') {
  return {
    addressId,
    channel,
    value: `${addressId}-value`,
    sources: [],
    score: 0.5,
    completesAtDelivery: false,
    ...(reach ? { reach } : {}),
  };
}

function attempt(attemptNo: number, addressId: string, extra: Partial<ServiceAttempt> = {}): ServiceAttempt {
  return {
    attemptNo,
    addressId,
    channel: 'sms',
    address: `${addressId}-value`,
    sources: [],
    completesAtDelivery: true,
    consentBasis: 'platform_declaration',
    messageId: `msg_${attemptNo}`,
    reference: `SD${attemptNo}`,
    tokenHash: 'h',
    codeHash: 'c',
    portalExpiresAt: '2026-04-01T00:00:00.000Z',
    failedProofs: 0,
    createdAt: servedAt,
    ...extra,
  };
}

/** Served by the delivery receipt at a designated number (attempt 1), with an email and another number in the plan. */
function servedAtDesignated(overrides: Partial<RecipientRecord> = {}): RecipientRecord {
  return {
    recipientId: 'rcp_1',
    serviceId: 'srv_1',
    personId: 'psn_1',
    personHash: 'p',
    status: 'served',
    timeouts: {
      receipt: { sms: 900, email: 1800 },
      acknowledgement: { sms: 43_200, email: 86_400 },
      noticeReminder: 86_400,
    },
    createdAt: servedAt,
    plan: [planned('adr_designated', 'sms'), planned('adr_other_sms', 'sms'), planned('adr_email', 'email')],
    attempts: [attempt(1, 'adr_designated')],
    served: { at: servedAt, rule: 'delivered_to_recipient_designated_address', attemptNo: 1 },
    ...overrides,
  };
}

describe('noticeStep', () => {
  it('waits until the reminder is due when the recipient served at a designated address has not opened the document', () => {
    const step = noticeStep(servedAtDesignated(), new Date(Date.parse(servedAt) + 2 * hour));
    expect(step).toMatchObject({ action: 'await_notice', timeoutSeconds: 22 * 3600, status: 'served' });
  });

  it('reminds once the configured time has passed, as the next attempt', () => {
    const step = noticeStep(servedAtDesignated(), new Date(Date.parse(servedAt) + 25 * hour));
    expect(step).toMatchObject({ action: 'remind', attemptNo: 2, status: 'served' });
  });

  it('does nothing once the recipient opened the document', () => {
    const recipient = servedAtDesignated({ attempts: [attempt(1, 'adr_designated', { openedAt: servedAt })] });
    expect(noticeStep(recipient, new Date(Date.parse(servedAt) + 25 * hour)).action).toBe('done');
  });

  it('does nothing when service was by signature, or no reminder is configured', () => {
    const signed = servedAtDesignated({ served: { at: servedAt, rule: 'signed_for_in_portal', attemptNo: 1 } });
    const base = servedAtDesignated();
    const unconfigured = servedAtDesignated({
      timeouts: { receipt: base.timeouts.receipt, acknowledgement: base.timeouts.acknowledgement },
    });
    const later = new Date(Date.parse(servedAt) + 25 * hour);
    expect(noticeStep(signed, later).action).toBe('done');
    expect(noticeStep(unconfigured, later).action).toBe('done');
  });

  it('waits as long again after each reminder, and stops after the last address or the last reminder', () => {
    const reminded = servedAtDesignated({
      attempts: [
        attempt(1, 'adr_designated'),
        attempt(2, 'adr_email', {
          purpose: 'notice_reminder',
          channel: 'email',
          createdAt: '2026-03-02T08:00:00.000Z',
        }),
      ],
    });
    expect(noticeStep(reminded, new Date(Date.parse(servedAt) + 30 * hour))).toMatchObject({
      action: 'await_notice',
      timeoutSeconds: 18 * 3600,
    });
    expect(noticeStep(reminded, new Date(Date.parse(servedAt) + 49 * hour))).toMatchObject({
      action: 'remind',
      attemptNo: 3,
    });

    const everyAddress = servedAtDesignated({
      attempts: [
        attempt(1, 'adr_designated'),
        attempt(2, 'adr_email', { purpose: 'notice_reminder' }),
        attempt(3, 'adr_other_sms', { purpose: 'notice_reminder' }),
      ],
    });
    expect(noticeStep(everyAddress, new Date(Date.parse(servedAt) + 100 * hour)).action).toBe('done');
    expect(maxNoticeReminders).toBe(5);
  });

  describe('the first reminder follows what earlier services showed of the serving address', () => {
    const timeouts = {
      receipt: { sms: 900, email: 1800 },
      acknowledgement: { sms: 43_200, email: 86_400 },
      noticeReminder: 86_400,
      noticeReminderSilent: 900,
      noticeReminderReaches: 3 * 86_400,
    };
    const withReach = (reach: 'reaches' | 'silent' | 'untested', others = [planned('adr_email', 'email')]) =>
      servedAtDesignated({ timeouts, plan: [planned('adr_designated', 'sms', reach), ...others] });

    it('reminds within minutes after service at an address known to be silent', () => {
      const recipient = withReach('silent');
      expect(noticeReminderWait(recipient, 1)).toBe(900);
      expect(noticeStep(recipient, new Date(Date.parse(servedAt) + 20 * 60_000))).toMatchObject({
        action: 'remind',
        attemptNo: 2,
      });
    });

    it('waits longer (here three days) at an address the person reads, the base time at an untested one', () => {
      expect(noticeReminderWait(withReach('reaches'), 1)).toBe(3 * 86_400);
      expect(noticeStep(withReach('reaches'), new Date(Date.parse(servedAt) + 25 * hour))).toMatchObject({
        action: 'await_notice',
        timeoutSeconds: 47 * 3600,
      });
      expect(noticeReminderWait(withReach('untested'), 1)).toBe(86_400);
    });

    it('falls back to the base time when the reach waits are not configured', () => {
      const recipient = servedAtDesignated({
        plan: [planned('adr_designated', 'sms', 'silent'), planned('adr_email', 'email')],
      });
      expect(noticeReminderWait(recipient, 1)).toBe(86_400);
    });

    it('reminds nobody through an address known to be silent', () => {
      const onlySilent = withReach('silent', [planned('adr_old_email', 'email', 'silent')]);
      expect(noticeStep(onlySilent, new Date(Date.parse(servedAt) + 30 * hour)).action).toBe('done');
    });
  });
});
