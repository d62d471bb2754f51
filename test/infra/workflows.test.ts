import { beforeAll, describe, expect, it } from 'vitest';
import {
  allStates,
  resourcesOfType,
  type SynthesizedPlatform,
  stateMachineDefinition,
  synthPlatform,
} from './synth-platform';

describe('state machines', () => {
  let synthesized: SynthesizedPlatform;
  beforeAll(() => {
    synthesized = synthPlatform();
  });

  const machines = () =>
    Object.entries(resourcesOfType(synthesized.templates.workflows, 'AWS::StepFunctions::StateMachine'));

  it('exist', () => {
    expect(machines().length).toBeGreaterThan(0);
  });

  it('give every Task state a Retry and a Catch', () => {
    for (const [id, machine] of machines()) {
      const definition = stateMachineDefinition(machine.Properties.DefinitionString);
      const tasks = allStates(definition).filter(([, state]) => state.Type === 'Task');
      expect(tasks.length, `${id} has no task`).toBeGreaterThan(0);

      for (const [name, state] of tasks) {
        expect(state.Retry?.length ?? 0, `${id}: task ${name} has no Retry`).toBeGreaterThan(0);
        expect(state.Catch?.length ?? 0, `${id}: task ${name} has no Catch`).toBeGreaterThan(0);
      }
    }
  });

  it('are Standard workflows logging every event without execution data, traced', () => {
    for (const [id, machine] of machines()) {
      expect(machine.Properties.StateMachineType ?? 'STANDARD', id).toBe('STANDARD');
      expect(machine.Properties.LoggingConfiguration, id).toMatchObject({
        Level: 'ALL',
        IncludeExecutionData: false,
      });
      expect(machine.Properties.TracingConfiguration, id).toEqual({ Enabled: true });
    }
  });

  it("grant the task function the data stack's narrow table access: no index or KMS wildcard, no Scan", () => {
    const policies = Object.values(resourcesOfType(synthesized.templates.workflows, 'AWS::IAM::Policy'));
    const statements = policies.flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement,
    );
    const actions = (statement: Record<string, unknown>) => [statement.Action].flat() as string[];
    const dynamo = statements.filter((statement) =>
      actions(statement).some((action) => action.startsWith('dynamodb:')),
    );
    const kms = statements.filter((statement) => actions(statement).some((action) => action.startsWith('kms:')));

    expect(dynamo.length).toBeGreaterThan(0);
    expect(JSON.stringify(dynamo)).not.toContain('/index/*');
    expect(dynamo.flatMap(actions)).not.toContain('dynamodb:Scan');
    expect(kms.length).toBeGreaterThan(0);
    for (const statement of kms) {
      expect(actions(statement).filter((action) => action.includes('*'))).toEqual([]);
      expect(statement.Condition).toMatchObject({ StringEquals: { 'kms:ViaService': expect.anything() } });
    }
  });

  it('are in JSONPath: no JSONata, no variables (the local runtime cannot run them)', () => {
    for (const [id, machine] of machines()) {
      const definition = stateMachineDefinition(machine.Properties.DefinitionString) as unknown as Record<
        string,
        unknown
      >;
      expect(definition.QueryLanguage ?? 'JSONPath', id).toBe('JSONPath');
      for (const [name, state] of allStates(stateMachineDefinition(machine.Properties.DefinitionString))) {
        expect(state, `${id}: ${name}`).not.toHaveProperty('Assign');
      }
    }
  });

  it('include OfferLifecycle: wait until the absolute deadline, expire, a recorded stall on failure', () => {
    const offerMachines = machines().filter(([id]) => id.startsWith('OfferLifecycle'));
    expect(offerMachines).toHaveLength(1);
    const [, machine] = offerMachines[0] as (typeof offerMachines)[number];
    const definition = stateMachineDefinition(machine.Properties.DefinitionString);
    const states = definition.States as unknown as Record<string, Record<string, unknown>>;

    expect(definition.StartAt).toBe('WaitForDeadline');
    expect(states.WaitForDeadline).toMatchObject({ Type: 'Wait', TimestampPath: '$.deadline', Next: 'ExpireOffer' });
    expect(states.ExpireOffer).toMatchObject({ Type: 'Task', Next: 'Done' });
    expect(JSON.stringify(states.ExpireOffer?.Retry)).toContain('OfferNotYetDue');
    expect(states.ExpireOffer?.Catch).toEqual([
      expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'RecordStall' }),
    ]);
    expect(states.RecordStall).toMatchObject({ Type: 'Task', Next: 'OfferLifecycleStalled' });
    expect(states.OfferLifecycleStalled).toMatchObject({ Type: 'Fail' });
  });
});
