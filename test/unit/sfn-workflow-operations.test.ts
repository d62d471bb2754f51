import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SfnWorkflowEngine } from '../../shared/adapters/step-functions/sfn-workflow-engine';

type Answer = { status: number; body: Record<string, unknown> };

/**
 * A mock of the Step Functions endpoint (AWS JSON 1.0 on loopback): no emulator implements
 * RedriveExecution, so the adapter's calls and its reading of the answers are checked against the
 * documented wire shapes. Answers are chosen by the operation (`X-Amz-Target`).
 */
async function fakeStepFunctions(answers: Record<string, Answer>) {
  const calls: Array<{ operation: string; body: Record<string, unknown> }> = [];
  const server: Server = createServer(async (request, response) => {
    let text = '';
    for await (const chunk of request) text += String(chunk);
    const operation = String(request.headers['x-amz-target']).replace('AWSStepFunctions.', '');
    calls.push({ operation, body: JSON.parse(text) as Record<string, unknown> });
    const answer = answers[operation] ?? { status: 400, body: { __type: 'UnknownOperationException' } };
    response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const engine = new SfnWorkflowEngine({
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    },
    stateMachineArns: { MessageDelivery: 'arn:aws:states:us-east-1:123456789012:stateMachine:MessageDelivery-abc' },
  });
  return { engine, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const notRedrivable = (message: string): Answer => ({
  status: 400,
  body: { __type: 'ExecutionNotRedrivable', message },
});

describe('SfnWorkflowEngine as WorkflowOperations (against a mock Step Functions endpoint)', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('redrives an execution by the ARN derived from its state machine and name', async () => {
    const fake = await fakeStepFunctions({ RedriveExecution: { status: 200, body: { redriveDate: 1_700_000_000 } } });
    close = fake.close;

    const outcome = await fake.engine.redrive({ workflow: 'MessageDelivery', name: 'msg_1' });

    expect(outcome).toEqual({ outcome: 'redriven' });
    expect(fake.calls).toEqual([
      {
        operation: 'RedriveExecution',
        body: {
          executionArn: 'arn:aws:states:us-east-1:123456789012:execution:MessageDelivery-abc:msg_1',
          // The SDK's idempotency token: its own retries of the call redrive once.
          clientToken: expect.any(String),
        },
      },
    ]);
  });

  it.each([
    {
      title: 'answers running, not an error, when the execution already runs again (a second redrive)',
      refusal: 'Execution is RUNNING',
      status: 'RUNNING',
      answer: { outcome: 'running' },
    },
    {
      title: 'answers not_redrivable with the engine reason for an execution too old to redrive',
      refusal: 'redrive period of 14 days has passed',
      status: 'FAILED',
      answer: { outcome: 'not_redrivable', reason: 'redrive period of 14 days has passed' },
    },
  ])('$title', async ({ refusal, status, answer }) => {
    const fake = await fakeStepFunctions({
      RedriveExecution: notRedrivable(refusal),
      DescribeExecution: {
        status: 200,
        body: { status, executionArn: 'x', stateMachineArn: 'y', startDate: 1 },
      },
    });
    close = fake.close;

    expect(await fake.engine.redrive({ workflow: 'MessageDelivery', name: 'msg_1' })).toEqual(answer);
  });

  it('lists failed, timed-out and aborted executions of each state machine', async () => {
    const execution = (name: string, status: string) => ({
      executionArn: `arn:aws:states:us-east-1:123456789012:execution:MessageDelivery-abc:${name}`,
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:MessageDelivery-abc',
      name,
      status,
      startDate: 1_700_000_000,
      stopDate: 1_700_000_600,
    });
    const fake = await fakeStepFunctions({
      ListExecutions: { status: 200, body: { executions: [execution('msg_9', 'FAILED')] } },
    });
    close = fake.close;

    const failed = await fake.engine.listFailed(10);

    expect(fake.calls.map((call) => call.body.statusFilter)).toEqual(['FAILED', 'TIMED_OUT', 'ABORTED']);
    expect(failed.map((item) => item.status)).toEqual(['failed', 'timed_out', 'aborted']);
    expect(failed[0]).toEqual({
      workflow: 'MessageDelivery',
      name: 'msg_9',
      arn: 'arn:aws:states:us-east-1:123456789012:execution:MessageDelivery-abc:msg_9',
      status: 'failed',
      stoppedAt: '2023-11-14T22:23:20.000Z',
    });
  });
});
