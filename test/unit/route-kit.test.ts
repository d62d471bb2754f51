import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { json, jsonBody, routeGroup } from '../../functions/http/routes/route-kit';

/** The operation a group documents at `path` (as mounted at `/`, so the group's own paths). */
function documented(group: ReturnType<typeof routeGroup>, path: string, method: string) {
  const document = group.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'kit', version: '1' } });
  return document.paths?.[path]?.[method as 'get'] as {
    operationId: string;
    description: string;
    tags: string[];
    parameters?: Array<{ in: string; name: string }>;
    responses: Record<string, { content?: Record<string, unknown> }>;
  };
}

const Webhook = z.object({ url: z.string() });

describe('routeGroup', () => {
  it('refuses at start-up an operation the route table does not declare', () => {
    // Prepare
    const group = routeGroup('/v1/courts', 'roster');

    // Act
    const declare = () =>
      group.operation(
        'delete',
        '/{id}',
        { operationId: 'deleteCourt', summary: 'no such route', responses: { 200: json(Webhook, 'gone') } },
        async (c) => c.json({ url: '' }, 200),
      );

    // Assess
    expect(declare).toThrow('DELETE /v1/courts/{id} (deleteCourt) is not declared in route-table.ts');
  });

  it('refuses at start-up a spec that describes a role the route table does not allow', () => {
    const group = routeGroup('/v1/courts', 'roster');

    const declare = () =>
      group.operation(
        'get',
        '/{id}/webhook',
        {
          operationId: 'getCourtWebhook',
          summary: 'the endpoint',
          roles: { party: 'never: parties have no webhook' },
          request: { params: z.object({ id: z.string() }) },
          responses: { 200: json(Webhook, 'the endpoint') },
        },
        async (c) => c.json({ url: '' }, 200),
      );

    expect(declare).toThrow('getCourtWebhook: route-table.ts does not allow the role `party` it describes');
  });

  it("describes the route table's roles, each with what it may reach, then the spec's notes", () => {
    const group = routeGroup('/v1/courts', 'roster').operation(
      'get',
      '/{id}/webhook',
      {
        operationId: 'getCourtWebhook',
        summary: 'the endpoint',
        roles: { court: 'its own only' },
        notes: 'Never the secret.',
        request: { params: z.object({ id: z.string() }) },
        responses: { 200: json(Webhook, 'the endpoint') },
      },
      async (c) => c.json({ url: '' }, 200),
    );

    const operation = documented(group, '/{id}/webhook', 'get');

    expect(operation.description).toBe(
      'Roles: `court` (its own only) and `operator`. Other roles: 403. Never the secret.',
    );
    expect(operation.tags).toEqual(['roster']);
    expect(operation.operationId).toBe('getCourtWebhook');
  });

  it('says "any signed-in role" for a route every role may call, and adds no 403', () => {
    const group = routeGroup('/v1/courts', 'roster').operation(
      'get',
      '/{id}',
      {
        operationId: 'getCourt',
        summary: 'one court',
        request: { params: z.object({ id: z.string() }) },
        responses: { 200: json(Webhook, 'the court') },
      },
      async (c) => c.json({ url: '' }, 200),
    );

    const operation = documented(group, '/{id}', 'get');

    expect(operation.description).toBe('Roles: any signed-in role (`party`, `mediator`, `court`, `operator`).');
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '401', '404']);
  });

  it('adds the Idempotency-Key and the problems a mutation with a body implies, with the ones the spec names', () => {
    const group = routeGroup('/v1/courts', 'roster').operation(
      'put',
      '/{id}/webhook',
      {
        operationId: 'registerCourtWebhook',
        summary: 'register',
        request: { params: z.object({ id: z.string() }), body: jsonBody(Webhook) },
        responses: { 200: json(Webhook, 'registered') },
        problems: [422],
      },
      async (c) => c.json(c.req.valid('json'), 200),
    );

    const operation = documented(group, '/{id}/webhook', 'put');

    expect(operation.parameters?.map((parameter) => `${parameter.in} ${parameter.name}`).sort()).toEqual([
      'header idempotency-key',
      'path id',
    ]);
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '422']);
    expect(operation.responses['422']?.content).toHaveProperty('application/problem+json');
  });

  it('gives a public route the stage throttle’s 429 and no problem it cannot meet', () => {
    const group = routeGroup('/health', 'platform').operation(
      'get',
      '/',
      { operationId: 'getHealth', summary: 'health', responses: { 200: json(Webhook, 'up') } },
      async (c) => c.json({ url: '' }, 200),
    );

    const operation = documented(group, '/', 'get');

    expect(operation.description).toBe('Roles: anyone; no token needed.');
    expect(Object.keys(operation.responses)).toEqual(['200', '429']);
    expect(operation.parameters ?? []).toEqual([]);
  });

  it('adds no Idempotency-Key to a public mutation: the idempotency middleware guards the API behind the token', () => {
    const group = routeGroup('/join', 'mediation').operation(
      'post',
      '/{token}/code',
      {
        operationId: 'sendJoinCode',
        summary: 'a fresh code',
        request: { params: z.object({ token: z.string() }) },
        responses: { 202: json(Webhook, 'sent') },
      },
      async (c) => c.json({ url: '' }, 202),
    );

    const operation = documented(group, '/{token}/code', 'post');

    expect(operation.parameters?.map((parameter) => parameter.name)).toEqual(['token']);
    expect(Object.keys(operation.responses)).toEqual(['202', '400', '404', '429']);
  });

  it('answers a request that breaks its schema with a 400 problem naming the field', async () => {
    const group = routeGroup('/v1/courts', 'roster').operation(
      'put',
      '/{id}/webhook',
      {
        operationId: 'registerCourtWebhook',
        summary: 'register',
        request: { params: z.object({ id: z.string() }), body: jsonBody(Webhook.strict()) },
        responses: { 200: json(Webhook, 'registered') },
      },
      async (c) => c.json(c.req.valid('json'), 200),
    );

    const response = await group.request('/crt_1/webhook', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 42 }),
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual([
      'body.url',
    ]);
  });
});
