import { beforeAll, describe, expect, it } from 'vitest';
import { webhookEvent } from '../../shared/domain/webhooks/webhook-events';
import type { OutboxItem } from '../../shared/ports/outbox';
import type { WorkflowEngine, WorkflowName } from '../../shared/ports/workflows';
import { deliveryIdOf, onWebhookEvent } from '../../shared/use-cases/webhooks/webhook-events';
import { httpHarness } from '../support/http-harness';
import { operator } from '../support/mediation-api';
import { putOrganization, putSettledCase } from '../support/settlement-fixtures';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

/** Records the executions started (a fake engine: the outbox handler's only other effect). */
function recordingWorkflows(): WorkflowEngine & { started: Array<[WorkflowName, string]> } {
  const started: Array<[WorkflowName, string]> = [];
  return {
    started,
    start: async (workflow, name) => {
      started.push([workflow, name]);
    },
    sendTaskSuccess: async () => undefined,
    sendTaskFailure: async () => undefined,
  };
}

describe('court callbacks follow the facts', () => {
  let h: Harness;
  let now = new Date('2026-03-10T02:00:00.000Z');
  beforeAll(async () => {
    h = await httpHarness({ clock: { now: () => new Date(now) } });
  });

  async function registeredCourt() {
    const clientId = h.uniqueClientId();
    const response = await h.call('POST', '/v1/courts', {
      as: operator,
      body: {
        name: 'Court for callbacks',
        level: 'basic',
        regionCode: '440304',
        jurisdiction: { regions: ['440304'], caseTypes: [] },
        clientId,
      },
    });
    expect(response.status, response.text).toBe(201);
    return { courtId: response.json.id as string, as: ['court', clientId] as ['court', string] };
  }

  async function outboxItems(type: string) {
    return (await h.allItems()).filter((item) => String(item.pk).startsWith('OUTBOX#') && item.type === type);
  }

  it('writes application.submitted with the submission, once, and nothing while parties are still joining', async () => {
    now = new Date('2026-03-10T02:00:00.000Z');
    const court = await registeredCourt();
    const organizationId = (await putOrganization(h.store, { regionCode: '440303' })).id;
    const c = await putSettledCase(h.store, { organizationId, effectiveAt: '2026-03-05T02:00:00.000Z' });
    const apply = (index: number) =>
      h.call('POST', `/v1/settlements/${c.settlement.settlementId}/confirmation-requests`, {
        as: ['party', c.subjects[index] as string],
        body: { courtId: court.courtId },
      });
    const before = (await outboxItems('webhook.event')).length;
    expect((await apply(0)).status).toBe(201);
    expect(await outboxItems('webhook.event')).toHaveLength(before);

    const joined = await apply(1);
    expect(joined.json.status).toBe('submitted');
    expect((await apply(1)).status).toBe(200);
    const items = (await outboxItems('webhook.event')).filter(
      (item) => (item.payload as { courtId: string }).courtId === court.courtId,
    );
    expect(items).toHaveLength(1);
    expect(items[0]?.payload).toMatchObject({
      eventType: 'application.submitted',
      courtId: court.courtId,
      data: {
        requestId: joined.json.requestId,
        settlementId: c.settlement.settlementId,
        acceptanceDeadline: { lastDay: '2026-03-13', endsAt: '2026-03-13T16:00:00.000Z' },
      },
    });
    // The same shape as the application the court reads from its queue.
    const application = await h.call('GET', `/v1/confirmation-requests/${joined.json.requestId}`, { as: court.as });
    expect(application.status, application.text).toBe(200);
    expect(items[0]?.payload).toMatchObject({
      data: { acceptanceDeadline: application.json.acceptanceDeadline },
    });
    // The same transaction: the outbox item names the submission event of the case's chain.
    const chain = await h.store.readChain(`CASE#${c.dispute.id}`);
    const submitted = chain.events.find((event) => event.type === 'confirmation.submitted');
    expect(items[0]).toMatchObject({ chainId: `CASE#${c.dispute.id}`, eventSeq: submitted?.seq });
  });

  it('creates one delivery per event for a court with an endpoint, however often the item comes', async () => {
    const court = await registeredCourt();
    expect(
      (
        await h.call('PUT', `/v1/courts/${court.courtId}/webhook`, {
          as: court.as,
          body: { url: 'https://court.example/hook' },
        })
      ).status,
    ).toBe(201);
    const workflows = recordingWorkflows();
    const handler = onWebhookEvent({ store: h.store, clock: h.clock, workflows });
    const message = webhookEvent('application.withdrawn', court.courtId, '2026-03-10T02:00:00.000Z', {
      requestId: 'cfr_1',
    });
    const item: OutboxItem = {
      id: 'obx_test',
      type: message.type,
      payload: message.payload,
      chainId: 'CASE#dsp_callbacks',
      eventSeq: 7,
      createdAt: '2026-03-10T02:00:00.000Z',
    };
    await handler(item);
    await handler(item);

    const deliveryId = deliveryIdOf('CASE#dsp_callbacks', 7, 'application.withdrawn', court.courtId);
    expect(workflows.started).toEqual([
      ['WebhookDelivery', deliveryId],
      ['WebhookDelivery', deliveryId],
    ]);
    const delivery = await h.store.webhooks.delivery(deliveryId);
    expect(delivery.version).toBe(1);
    expect(delivery.value).toMatchObject({ status: 'pending', attempts: 0, eventType: 'application.withdrawn' });
    expect(JSON.parse(delivery.value.body)).toEqual({
      type: 'application.withdrawn',
      timestamp: '2026-03-10T02:00:00.000Z',
      data: { requestId: 'cfr_1' },
    });
  });

  it('calls no court that has no endpoint', async () => {
    const court = await registeredCourt();
    const workflows = recordingWorkflows();
    const message = webhookEvent('service.completed', court.courtId, new Date().toISOString(), {});
    await onWebhookEvent({ store: h.store, clock: h.clock, workflows })({
      id: 'obx_none',
      type: message.type,
      payload: message.payload,
      chainId: 'SERVICE#svc_none',
      eventSeq: 3,
      createdAt: new Date().toISOString(),
    });
    expect(workflows.started).toEqual([]);
  });
});
