import { describe, expect, it } from 'vitest';
import { validateBatch } from '../../shared/domain/service/address-book';
import { defaultServiceTimeouts } from '../../shared/use-cases/service/deps';
import { servePerson } from '../bench/service-simulation-driver';
import type { PopulationParameters } from '../bench/service-simulation-model';
import { currentPopulation } from '../bench/service-simulation-parameters';
import { caseStartMs, type Handle, type SimPerson } from '../bench/service-simulation-world';

/**
 * Learning where the person actually reads (issue 16), through the real ServiceDelivery tasks with
 * in-memory ports (the simulation's driver): a designated number that is delivered to but read by
 * nobody, and a mailbox the person reads. The first service learns it (the reminder after legal
 * service is opened in the mailbox, never the number); the second service acts on it.
 */

const parameters: PopulationParameters = {
  ...currentPopulation,
  population: { ...currentPopulation.population, casesPerRecipient: 2 },
  // No transient failures: every message meets the fate its handle gives it.
  delivery: { ...currentPopulation.delivery, smsTransientFailure: 0, emailTransientFailure: 0 },
};
const seed = 7;
const HOUR = 3_600_000;

function personWithSilentDesignatedNumber(): SimPerson {
  const handles: Handle[] = [
    { channel: 'sms', value: '13900000001', state: 'silent' },
    { channel: 'email', value: 'reader@example.com', state: 'working' },
  ];
  const observedAt = '2025-12-01T00:00:00.000Z';
  const validated = validateBatch(
    [
      { channel: 'sms', value: handles[0]?.value as string, source: 'recipient_designated', observedAt },
      { channel: 'email', value: handles[1]?.value as string, source: 'civil_activity_record', observedAt },
    ],
    { defaultRegion: 'CN' },
  );
  if (!validated.ok) throw new Error('invalid test addresses');
  const handleOf = new Map(validated.candidates.map((c, index) => [`${c.channel}:${c.value}`, index]));
  return {
    index: 1,
    personHash: 'reach0learning'.padEnd(64, '0'),
    consent: 'contract_clause',
    handles,
    candidates: validated.candidates,
    handleOf,
    churnCase: Number.POSITIVE_INFINITY,
    opens: true,
    neverSigns: false,
    responseMedianMs: 2 * HOUR,
  };
}

describe('address reach, learned through the real delivery', () => {
  it('reminds at the base time in the first service, within minutes in the next once the number is known silent', async () => {
    const person = personWithSilentDesignatedNumber();

    const [first, second] = await servePerson(person, { parameters, seed });

    for (const [outcome, caseIndex] of [
      [first, 0],
      [second, 1],
    ] as const) {
      // Served by law at the designated number's delivery; then reminded through the mailbox.
      expect(outcome?.servedBy?.key).toBe(`sms:${person.candidates[0]?.value}`);
      expect(outcome?.messages.map((m) => m.channel)).toEqual(['sms', 'email']);
      expect(outcome?.messages[1]?.openedAt).toBeDefined();
      const servedAt = caseStartMs(parameters, caseIndex) + (outcome?.servedAfterMs as number);
      // Waits are in whole seconds of an absolute deadline: within a second of the setting.
      const reminderAfterSeconds = ((outcome?.messages[1]?.sentAt as number) - servedAt) / 1000;
      const expected =
        caseIndex === 0 ? defaultServiceTimeouts.noticeReminder : defaultServiceTimeouts.noticeReminderSilent;
      expect(Math.abs(reminderAfterSeconds - (expected as number))).toBeLessThanOrEqual(1);
    }
    // Two whole simulated services through the real tasks: about 3 s on a quiet machine, 13–21 s
    // at load 11–12, past the unit project's 10 s.
  }, 60_000);
});
