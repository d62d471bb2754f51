import { describe, expect, it } from 'vitest';
import { serviceDeliveryStates } from '../../infra/workflows/service-delivery-definition';
import { defaultServiceTimeouts } from '../../shared/use-cases/service/deps';
import { type CaseOutcome, servePerson, synthesizedServiceDefinition } from '../bench/service-simulation-driver';
import { currentPopulation } from '../bench/service-simulation-parameters';
import type { AslDocument, AslState } from '../bench/service-simulation-stepper';
import { buildPerson } from '../bench/service-simulation-world';

/**
 * The service simulation steps the synthesized ServiceDelivery definition (issue 16, item 1): its
 * states in the definition's order, its waits with the timeout the definition states. Checked by
 * running a simulated person through it, then through a copy whose wait timeouts were changed.
 */

const parameters = { ...currentPopulation, population: { ...currentPopulation.population, casesPerRecipient: 1 } };
const seed = parameters.population.seed;

/** The first simulated people whose single case waits for a signature after a delivery. */
async function personWaitingForSignature(definition?: AslDocument): Promise<{ index: number; outcome: CaseOutcome }> {
  for (let index = 0; index < 50; index++) {
    const [outcome] = await servePerson(buildPerson(parameters, seed, index), {
      parameters,
      seed,
      ...(definition ? { definition } : {}),
    });
    if (outcome?.run.waits.some((wait) => wait.state === serviceDeliveryStates.awaitAcknowledgement)) {
      return { index, outcome };
    }
  }
  throw new Error('none of the first 50 people waited for a signature');
}

describe('the service simulation', () => {
  it('steps only states of the synthesized ServiceDelivery definition, from its start to its end', async () => {
    const asl = synthesizedServiceDefinition();
    const { outcome } = await personWaitingForSignature();

    expect(outcome.run.states[0]).toBe(asl.StartAt);
    for (const state of outcome.run.states) expect(Object.keys(asl.States)).toContain(state);
    expect(outcome.run.states.at(-1)).toBe(serviceDeliveryStates.done);
    expect(outcome.run.status).toBe('succeeded');
  });

  it('waits as long as the synthesized definition says: the timeout path it names, filled by the platform’s settings', async () => {
    const asl = synthesizedServiceDefinition();
    const { outcome } = await personWaitingForSignature();

    for (const wait of outcome.run.waits) {
      expect(asl.States[wait.state]?.TimeoutSecondsPath).toBe('$.step.timeoutSeconds');
    }
    const acknowledgement = outcome.run.waits.find((w) => w.state === serviceDeliveryStates.awaitAcknowledgement);
    const receipts = outcome.run.waits.filter((w) => w.state === serviceDeliveryStates.awaitReceipt);
    expect([defaultServiceTimeouts.acknowledgement.sms, defaultServiceTimeouts.acknowledgement.email]).toContain(
      acknowledgement?.timeoutSeconds,
    );
    for (const receipt of receipts) {
      expect([defaultServiceTimeouts.receipt.sms, defaultServiceTimeouts.receipt.email]).toContain(
        receipt.timeoutSeconds,
      );
    }
  });

  it('takes the timeout from the definition it is given: a definition with a fixed 60 s signature wait gives 60 s waits', async () => {
    const asl = structuredClone(synthesizedServiceDefinition());
    const { TimeoutSecondsPath: _path, ...waitState } = asl.States[
      serviceDeliveryStates.awaitAcknowledgement
    ] as AslState;
    asl.States[serviceDeliveryStates.awaitAcknowledgement] = { ...waitState, TimeoutSeconds: 60 };

    const { outcome } = await personWaitingForSignature(asl);

    const acknowledgements = outcome.run.waits.filter((w) => w.state === serviceDeliveryStates.awaitAcknowledgement);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const wait of acknowledgements) expect(wait.timeoutSeconds).toBe(60);
  });
});
