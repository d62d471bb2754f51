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
    // The one direct use of a key: the webhook task reveals the endpoints' sealed secrets (below).
    const revealsSecrets = (statement: Record<string, unknown>) =>
      JSON.stringify(statement.Action) === '"kms:Decrypt"' && statement.Condition === undefined;
    for (const statement of kms.filter((candidate) => !revealsSecrets(candidate))) {
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

  it('include MessageDelivery: an unknown send waits for its receipt deadline, then is resolved, and sent again when it never left', () => {
    const messageMachines = machines().filter(([id]) => id.startsWith('MessageDelivery'));
    expect(messageMachines).toHaveLength(1);
    const [, machine] = messageMachines[0] as (typeof messageMachines)[number];
    const definition = stateMachineDefinition(machine.Properties.DefinitionString);
    const states = definition.States as unknown as Record<string, Record<string, unknown>>;

    expect(definition.StartAt).toBe('SendMessage');
    expect(states.WasAccepted).toMatchObject({
      Type: 'Choice',
      Choices: [
        { Variable: '$.send.awaitReceipt', BooleanEquals: true, Next: 'AwaitReceipt' },
        { Variable: '$.send.status', StringEquals: 'unknown', Next: 'AwaitUnknownSendDeadline' },
      ],
      Default: 'Done',
    });
    expect(states.AwaitUnknownSendDeadline).toMatchObject({
      Type: 'Wait',
      SecondsPath: '$.send.receiptTimeoutSeconds',
      Next: 'ResolveUnknownSend',
    });
    expect(states.ResolveUnknownSend).toMatchObject({ Type: 'Task', ResultPath: '$.resolved', Next: 'SendAgain' });
    expect(states.ResolveUnknownSend?.Catch).toEqual([
      expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'RecordStall' }),
    ]);
    expect(states.SendAgain).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.resolved.resend', BooleanEquals: true, Next: 'SendMessage' }],
      Default: 'Done',
    });
  });

  it('include WebhookDelivery: attempt, wait until the absolute next attempt, again; a recorded stall on failure', () => {
    const webhookMachines = machines().filter(([id]) => id.startsWith('WebhookDelivery'));
    expect(webhookMachines).toHaveLength(1);
    const [, machine] = webhookMachines[0] as (typeof webhookMachines)[number];
    const definition = stateMachineDefinition(machine.Properties.DefinitionString);
    const states = definition.States as unknown as Record<string, Record<string, unknown>>;

    expect(definition.StartAt).toBe('AttemptDelivery');
    expect(states.AttemptDelivery).toMatchObject({ Type: 'Task', Next: 'RetryDue', ResultPath: '$.attempt' });
    expect(states.RetryDue).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.attempt.status', StringEquals: 'retry', Next: 'WaitForRetry' }],
      Default: 'Done',
    });
    expect(states.WaitForRetry).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.attempt.nextAttemptAt',
      Next: 'AttemptDelivery',
    });
    expect(states.AttemptDelivery?.Catch).toEqual([
      expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'RecordStall' }),
    ]);
    expect(states.RecordStall).toMatchObject({ Type: 'Task', Next: 'WebhookDeliveryStalled' });
  });

  it('let the webhook task decrypt directly with the data key only, with no wildcard and no allow-list', () => {
    const functions = resourcesOfType(synthesized.templates.workflows, 'AWS::Lambda::Function');
    const found = Object.entries(functions).find(([, fn]) =>
      String(fn.Properties.Description).startsWith('WebhookDelivery'),
    );
    if (!found) throw new Error('no WebhookDelivery task function in the workflows stack');
    const [functionId, webhookFunction] = found;
    const variables = (webhookFunction.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(['TABLE_NAME', 'PII_KMS_KEY_ID', 'PII_HMAC_KEY_ID']));
    expect(variables).not.toHaveProperty('WEBHOOK_ALLOWED_HOSTS');

    const roleId = JSON.stringify(webhookFunction.Properties.Role).match(/"(\w+Role\w*)"/)?.[1];
    const statements = Object.values(resourcesOfType(synthesized.templates.workflows, 'AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(String(roleId)))
      .flatMap(
        (policy) => (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement,
      );
    const kms = statements.filter((statement) =>
      ([statement.Action].flat() as string[]).some((action) => action.startsWith('kms:')),
    );
    // Through DynamoDB only (the table's key), except one direct Decrypt: the sealed secrets.
    const direct = kms.filter((statement) => statement.Condition === undefined);
    expect(functionId).not.toBe('');
    expect(direct.flatMap((statement) => [statement.Action].flat())).toEqual(['kms:Decrypt']);
    expect(JSON.stringify(direct[0]?.Resource)).toContain('DataKey');
    expect(
      kms.flatMap((statement) => [statement.Action].flat() as string[]).filter((action) => action.includes('*')),
    ).toEqual([]);
  });
});
