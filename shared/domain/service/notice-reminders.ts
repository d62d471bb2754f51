import { secondsUntil } from '../message-delivery';
import { hasActualNotice } from './actual-notice';
import { type PlannedAddress, type RecipientRecord, serviceRules } from './recipient';
import { type ServiceStep, serviceDone } from './service-step';

/**
 * Notice after legal service (issue 16, item 4). A delivery receipt at a designated address
 * completes service by law, but a reassigned number or an unread mailbox reaches nobody. So a
 * recipient served that way who has not opened or signed for the document within the configured
 * time is reminded through another consented address of the plan (`reminderAddress`), and again
 * through the next one each time as long again passes unopened, up to `maxNoticeReminders`. How
 * long the first reminder waits depends on what earlier services showed of the serving address
 * (`noticeReminderWait`): silence at an address known to be silent says the person has not got
 * the document, silence at one they read says little. The service time stays what it was (the
 * reminder's own delivery or signature is later, and service time is the earliest). Nothing to
 * remind of: served by signature, already opened or signed, no reminder configured, or no other
 * address that may reach the person.
 */
export function noticeStep(recipient: RecipientRecord, now: Date): ServiceStep {
  const served = recipient.served;
  const after = recipient.timeouts.noticeReminder;
  if (recipient.status !== 'served' || !served || after === undefined) return serviceDone(recipient.status);
  if (served.rule !== serviceRules.delivery || hasActualNotice(recipient)) return serviceDone('served');
  const reminders = recipient.attempts.filter((attempt) => attempt.purpose === 'notice_reminder');
  if (reminders.length >= maxNoticeReminders || !reminderAddress(recipient)) return serviceDone('served');
  // Each further reminder waits the base time for the recipient to open it before the next address.
  const last = reminders.at(-1);
  const due = new Date(
    last
      ? Date.parse(last.createdAt) + after * 1000
      : Date.parse(served.at) + noticeReminderWait(recipient, served.attemptNo) * 1000,
  ).toISOString();
  if (Date.parse(due) > now.getTime()) {
    return {
      action: 'await_notice',
      attemptNo: served.attemptNo,
      timeoutSeconds: secondsUntil(due, now),
      status: 'served',
    };
  }
  return { action: 'remind', attemptNo: recipient.attempts.length + 1, timeoutSeconds: 1, status: 'served' };
}

/** At most this many reminders, each through another address, one after the other. */
export const maxNoticeReminders = 5;

/**
 * Seconds from legal service to the first reminder (issue 16: waits shortened where silence is
 * informative): `noticeReminderSilent` when earlier services showed the serving address delivered
 * to and never opened (the person will not read it there, so waiting only delays notice),
 * `noticeReminderReaches` when the person has read documents there (silence for a day is their
 * pace, not a dead end, and a reminder would mostly be a message too many), the base
 * `noticeReminder` otherwise. Either falls back to the base when not configured.
 */
export function noticeReminderWait(
  recipient: Pick<RecipientRecord, 'plan' | 'attempts' | 'timeouts'>,
  servingAttemptNo: number,
): number {
  const timeouts = recipient.timeouts;
  const base = timeouts.noticeReminder ?? 0;
  const serving = recipient.attempts.find((attempt) => attempt.attemptNo === servingAttemptNo);
  const reach = recipient.plan?.find((entry) => entry.addressId === serving?.addressId)?.reach;
  if (reach === 'silent') return timeouts.noticeReminderSilent ?? base;
  if (reach === 'reaches') return timeouts.noticeReminderReaches ?? base;
  return base;
}

const reachOrder: Readonly<Record<NonNullable<PlannedAddress['reach']>, number>> = {
  reaches: 0,
  untested: 1,
  silent: 2,
};

/**
 * Another consented address of the plan, not reminded through yet, that may reach the person: one
 * known to reach them first, then untried in this service, then on another channel than the
 * serving one. An address known to be silent is left out: a reminder there reaches nobody.
 */
export function reminderAddress(recipient: RecipientRecord): PlannedAddress | undefined {
  const serving = recipient.attempts.find((attempt) => attempt.attemptNo === recipient.served?.attemptNo);
  if (!serving) return undefined;
  const failed = new Set(
    recipient.attempts
      // A soft bounce may be transient: only an address that is gone is left out.
      .filter((attempt) => attempt.outcome === 'hard_bounce')
      .map((attempt) => attempt.addressId),
  );
  const tried = new Set(recipient.attempts.filter((a) => !a.purpose).map((attempt) => attempt.addressId));
  const reminded = new Set(recipient.attempts.filter((a) => a.purpose === 'notice_reminder').map((a) => a.addressId));
  const candidates = (recipient.plan ?? []).filter(
    (entry) =>
      entry.addressId !== serving.addressId &&
      entry.reach !== 'silent' &&
      !failed.has(entry.addressId) &&
      !reminded.has(entry.addressId),
  );
  const rank = (entry: PlannedAddress) =>
    4 * reachOrder[entry.reach ?? 'untested'] +
    (tried.has(entry.addressId) ? 2 : 0) +
    (entry.channel === serving.channel ? 1 : 0);
  return [...candidates].sort((a, b) => rank(a) - rank(b))[0];
}
