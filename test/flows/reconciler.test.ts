import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/local-runtime';
import type { SmsGateway } from '../../infra/local/sms-gateway';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { DynamoOutboxLedger } from '../../shared/adapters/dynamodb/outbox-ledger';
import { onMessageRequested } from '../../shared/use-cases/message-delivery/on-message-requested';
import { eventually } from '../support/eventually';
import { httpHarness } from '../support/http-harness';
import { requestSms, startRefusingSmsRuntime } from '../support/refusing-sms-runtime';

const operator = ['operator', 'op-reconciler-test'] as const;

/**
 * Recovery on the embedded stack (DESIGN.md, Operations): the platform's own local runtime over the
 * HTTP harness's table, its reconciler run on demand (its timer off), the SMS gateway behind an
 * SMS channel a test can make refuse every send (throttled, so each task retry fails too).
 */
describe('the reconciler and the operators redrive', () => {
  let harness: Awaited<ReturnType<typeof httpHarness>>;
  let runtime: LocalRuntime;
  let gateway: SmsGateway;
  let ledger: DynamoOutboxLedger;
  let refuseSends = false;

  beforeAll(async () => {
    harness = await httpHarness();
    ({ runtime, gateway } = await startRefusingSmsRuntime(harness, 'reconciler-test', () => refuseSends));
    ledger = new DynamoOutboxLedger(harness.client, harness.tableName, systemClock);
  });
  afterAll(async () => {
    await runtime.stop();
    await gateway.stop();
  });

  it('delivers later, once in effect, an outbox item whose consumer stopped after its effect', async () => {
    // The consumer is down: the relay stopped, as a Lambda that timed out mid-item.
    await runtime.relay.stop();
    const to = '+8613912345101';
    const requested = await requestSms(harness, to);
    const item = (await ledger.listPending(100)).find((pending) => pending.chainId === requested.change.chainId);
    if (!item) throw new Error('the request left no pending outbox item');
    // It had started the workflow (its effect) and died before marking the item done.
    await onMessageRequested({ workflows: runtime.workflows })(item);

    const run = await runtime.reconcile();
    const again = await runtime.reconcile();
    const execution = await runtime.workflows.whenClosed('MessageDelivery', requested.messageId);

    expect(run.redelivered, 'the reconciler delivered the stale item').toBeGreaterThanOrEqual(1);
    expect(again.redelivered, 'a second run finds nothing stale').toBe(0);
    expect((await ledger.listPending(100)).map((pending) => pending.id)).not.toContain(item.id);
    expect(execution, 'one execution, run once').toMatchObject({ status: 'succeeded', runs: 1 });
    await eventually('the message is delivered', async () => {
      expect((await harness.store.messages.message(requested.messageId)).message.status).toBe('delivered');
    });
    expect(
      gateway.messages().filter((message) => message.phoneNumber === to),
      'one SMS sent',
    ).toHaveLength(1);
  }, 120_000);

  it('re-runs a failed execution from the operators route, and it completes', async () => {
    runtime.relay.start();
    refuseSends = true;
    const to = '+8613912345102';
    const requested = await requestSms(harness, to);
    const failed = await runtime.workflows.whenClosed('MessageDelivery', requested.messageId);
    refuseSends = false;

    const run = await runtime.reconcile();
    const listed = await harness.call('GET', '/v1/operations/failed-executions', { as: [...operator] });
    const id = `MessageDelivery:${requested.messageId}`;
    const redrive = await harness.call('POST', `/v1/operations/failed-executions/${id}/redrive`, { as: [...operator] });
    const repeated = await harness.call('POST', `/v1/operations/failed-executions/${id}/redrive`, {
      as: [...operator],
    });
    await eventually('the redriven execution succeeds', async () => {
      expect(await runtime.workflows.getExecution('MessageDelivery', requested.messageId)).toMatchObject({
        status: 'succeeded',
        runs: 2,
      });
    });
    const afterwards = await harness.call('GET', '/v1/operations/failed-executions', { as: [...operator] });

    expect(failed.status, 'every send was refused, so the execution failed').toBe('failed');
    expect(run.failuresRecorded).toBe(1);
    expect(listed.status).toBe(200);
    expect(listed.json.items).toEqual([
      expect.objectContaining({ id, workflow: 'MessageDelivery', status: 'failed', state: 'failed', redrives: 0 }),
    ]);
    expect(redrive.status).toBe(202);
    expect(redrive.json).toMatchObject({ id, state: 'redrive_requested' });
    expect(repeated.status, 'asking again is accepted and changes nothing').toBe(202);
    expect(afterwards.json.items, 'the redriven execution left the list').toEqual([]);
    await eventually('the message is delivered', async () => {
      expect((await harness.store.messages.message(requested.messageId)).message.status).toBe('delivered');
    });
    expect(
      gateway.messages().filter((message) => message.phoneNumber === to),
      'one SMS sent',
    ).toHaveLength(1);
    const history = await harness.store.readChain(`FAILED_EXECUTION#${id}`);
    expect(history.events.map((event) => event.type)).toEqual([
      'execution.failed',
      'execution.redrive_requested',
      'execution.redriven',
    ]);
  }, 180_000);

  it('refuses the route to anyone but an operator, and answers 404 for an unknown execution', async () => {
    const asParty = await harness.call('GET', '/v1/operations/failed-executions', { as: ['party', 'usr_1'] });
    const unknown = await harness.call('POST', '/v1/operations/failed-executions/MessageDelivery:msg_none/redrive', {
      as: [...operator],
    });

    expect(asParty.status).toBe(403);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
