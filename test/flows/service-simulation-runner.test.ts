import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDeliveryEventWithRetry } from '../../infra/local/delivery-event-retry';
import { RuleViolation } from '../../shared/domain/errors';
import type { PersonConsentWriter } from '../../shared/ports/identity-checks';
import type { EmailMessage, SmsMessage } from '../../shared/ports/message-channels';
import type { StateStore } from '../../shared/ports/state-store';
import { personConsentWriterOf } from '../../shared/use-cases/people/person-consent';
import { acknowledgeService, viewServedDocument } from '../../shared/use-cases/service/portal';
import { type CaseOutcome, linkAndCode, scaledFate, servePerson } from '../bench/service-simulation-driver';
import { currentPopulation } from '../bench/service-simulation-parameters';
import { buildPerson, messageFate, type SimPerson, simulationEpochMs } from '../bench/service-simulation-world';
import { eventually } from '../support/eventually';
import { addAddresses, serve } from '../support/portal-fixtures';
import { type SeededPerson, type ServiceHarness, seedPerson, startServiceHarness } from '../support/service-harness';

/** The portal's deps here: the service ports and the people feature's consent write (signing may record consent). */
function signing<D extends { store: StateStore }>(deps: D): D & { personConsentWrite: PersonConsentWriter } {
  return { ...deps, personConsentWrite: personConsentWriterOf(deps.store) };
}

/**
 * The service simulation steps the synthesized definition on a simulated clock (issue 16, item 1).
 * Here a handful of its people are served on the real local workflow runner (aws-local-stepfunctions
 * on DynamoDB Local, real timers, the outbox relay), with the same world: each message's fate
 * (receipt, opening, signing) drawn exactly as in the simulation, its delays scaled from hours to
 * seconds, and the same waits. The outcomes must be the same: status, the rule that served, the
 * addresses tried in order, the reminders.
 */

const parameters = { ...currentPopulation, population: { ...currentPopulation.population, casesPerRecipient: 1 } };
const seed = parameters.population.seed;
/** 12 hours of the simulation's world take 8 seconds here. */
const timeScale = 8 / (12 * 3600);
const timeouts = { receipt: { sms: 4, email: 4 }, acknowledgement: { sms: 8, email: 16 }, noticeReminder: 16 };
const operator: ['operator', string] = ['operator', 'op-simulation'];
/**
 * The runner's timers start a little after the simulated instant (more so on a loaded machine), so
 * a person whose outcome turns on an event landing within a second or two of a timeout would test the
 * machine's load, not the delivery. Such people are left out: the outcome must be the same with every
 * timeout this many seconds shorter or longer.
 */
const lagSeconds = 2;

function shifted(by: number): typeof timeouts {
  return {
    receipt: { sms: timeouts.receipt.sms + by, email: timeouts.receipt.email + by },
    acknowledgement: { sms: timeouts.acknowledgement.sms + by, email: timeouts.acknowledgement.email + by },
    noticeReminder: timeouts.noticeReminder + by,
  };
}

interface Summary {
  status: string;
  rule: string | undefined;
  tried: string[];
}

function summaryOfSimulation(outcome: CaseOutcome): Summary {
  return {
    status: outcome.status,
    rule: outcome.servedBy?.rule,
    tried: outcome.messages.map((m) => `${m.channel}:${m.to}`),
  };
}

describe('the service simulation against the real local workflow runner', () => {
  let h: ServiceHarness;
  const people = new Map<string, { person: SimPerson; seeded: SeededPerson; handle: number }>();
  const timers = new Set<Promise<void>>();

  /** The world on real time: the provider accepts, and the simulation's fate plays out in scaled seconds. */
  function world(channel: 'sms' | 'email') {
    let sent = 0;
    return () => ({
      async send(message: SmsMessage | EmailMessage) {
        const target = people.get(`${channel}:${message.to}`);
        if (!target) throw new Error(`nobody has ${message.to}`);
        sent += 1;
        const providerMessageId = `${channel}-world-${sent}`;
        const fate = scaledFate(messageFate(parameters, seed, target.person, 0, target.handle), timeScale);
        const later = (ms: number, run: () => Promise<void>) => {
          const done = new Promise<void>((resolve) => setTimeout(resolve, ms)).then(run);
          timers.add(done);
        };
        const platformMessageId = 'platformMessageId' in message ? message.platformMessageId : undefined;
        const receipt = fate.receipt;
        if (receipt) {
          later(receipt.afterMs, () =>
            recordDeliveryEventWithRetry(h.messageDeps, {
              channel,
              providerMessageId,
              ...(platformMessageId ? { platformMessageId } : {}),
              ...(channel === 'sms' ? { destination: message.to } : {}),
              event:
                receipt.kind === 'delivered'
                  ? { kind: 'delivered', at: new Date().toISOString() }
                  : { kind: 'failed', at: new Date().toISOString(), reason: receipt.reason },
            }),
          );
        }
        if (receipt?.kind === 'delivered' && fate.opensAfterMs !== undefined) {
          const { token, code } = linkAndCode(message.text);
          const proof = { code, idLastDigits: target.seeded.idLast4 };
          later(receipt.afterMs + fate.opensAfterMs, async () => {
            try {
              await viewServedDocument({ ...h.deps, documents: h.documents }, token, proof);
              if (fate.signs)
                await acknowledgeService(signing(h.deps), token, proof, { userAgent: 'simulated person' });
            } catch (error) {
              if (!(error instanceof RuleViolation && error.code === 'link_expired')) throw error;
            }
          });
        }
        return { providerMessageId };
      },
    });
  }

  beforeAll(async () => {
    h = await startServiceHarness({ wrapSms: world('sms'), wrapEmail: world('email') });
    h.settings.timeouts = timeouts;
  });
  afterAll(() => h?.stop());

  it('serves a handful of simulated people with the same outcomes as the simulation', async () => {
    // Prepare: the first consented people of the population whose outcome does not turn on the lag.
    const simulate = async (person: SimPerson, lag: number) => {
      const settings = { ...h.settings, timeouts: shifted(lag) };
      const [outcome] = await servePerson(person, { parameters, seed, settings, timeScale });
      return summaryOfSimulation(outcome as CaseOutcome);
    };
    const chosen: SimPerson[] = [];
    const simulated = new Map<number, Summary>();
    for (let index = 0; chosen.length < 5; index++) {
      const person = buildPerson(parameters, seed, index);
      if (!person.consent) continue;
      const [early, outcome, late] = [
        await simulate(person, -lagSeconds),
        await simulate(person, 0),
        await simulate(person, lagSeconds),
      ];
      if (!isDeepStrictEqual(early, outcome) || !isDeepStrictEqual(late, outcome)) continue;
      chosen.push(person);
      simulated.set(person.index, outcome);
    }
    // The fallback across addresses is what this test is for: some chosen person must need it.
    expect([...simulated.values()].some((summary) => summary.tried.length > 1)).toBe(true);

    // Act: the same people on the real runner, their addresses as old (relative to now) as in the simulation.
    const shiftMs = Date.now() - simulationEpochMs;
    const served: Array<{ person: SimPerson; serviceId: string; recipientId: string }> = [];
    for (const person of chosen) {
      const seeded = await seedPerson(h.store, { consent: person.consent ?? null });
      for (const candidate of person.candidates) {
        const key = `${candidate.channel}:${candidate.value}`;
        people.set(key, { person, seeded, handle: person.handleOf.get(key) as number });
      }
      await addAddresses(
        h,
        seeded,
        person.candidates.map((candidate) => ({
          channel: candidate.channel,
          value: candidate.value,
          source: candidate.source,
          observedAt: new Date(Date.parse(candidate.observedAt) + shiftMs).toISOString(),
        })),
      );
      served.push({ person, ...(await serve(h, seeded, operator)) });
    }
    for (const { recipientId } of served) expect((await h.whenClosed(recipientId)).status).toBe('succeeded');
    await eventually('every scheduled receipt and opening has happened', async () => {
      const pending = [...timers];
      await Promise.all(pending);
      expect(timers.size).toBe(pending.length);
    });

    // Assess
    for (const { person, serviceId, recipientId } of served) {
      const { value: recipient } = await h.store.services.recipient(serviceId, recipientId);
      const real: Summary = {
        status: recipient.status,
        rule: recipient.served?.rule,
        tried: recipient.attempts.map((attempt) => `${attempt.channel}:${attempt.address}`),
      };
      expect(real, `person ${person.index}`).toEqual(simulated.get(person.index));
    }
  }, 180_000);
});
