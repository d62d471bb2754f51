import { beforeAll, describe, expect, it } from 'vitest';
import { repositoriesOn } from '../../shared/adapters/dynamodb/repositories';
import { httpHarness } from '../support/http-harness';

type Harness = Awaited<ReturnType<typeof httpHarness>>;

describe('platform routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await httpHarness();
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await h.call('GET', '/v2/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json).toMatchObject({ status: 404, code: 'not_found', instance: '/v2/nothing-here' });
  });

  it('reports every component on /health', async () => {
    const response = await h.call('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ status: 'ok', components: { dynamodb: { status: 'up' } } });
  });

  it('answers 503 and names the component when one is down', async () => {
    const degraded = await httpHarness({
      health: {
        dynamodb: async () => undefined,
        sms: async () => {
          throw new Error('connection refused');
        },
      },
    });
    const response = await degraded.call('GET', '/health');
    expect(response.status).toBe(503);
    expect(response.json.components.sms).toMatchObject({ status: 'down', error: 'connection refused' });
  });

  it('serves an OpenAPI 3.1 document generated from the schemas', async () => {
    const response = await h.call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.json.openapi).toBe('3.1.0');
    expect(Object.keys(response.json.paths)).toEqual(
      expect.arrayContaining(['/v1/courts', '/v1/courts/{id}', '/health']),
    );
    expect(response.json.components.schemas.CourtRegistration.required).toEqual(
      expect.arrayContaining(['name', 'level', 'regionCode', 'jurisdiction']),
    );
    expect(response.json.paths['/v1/courts'].post.security).toEqual([{ bearer: [] }]);
  });

  it('renders the reference page from the same document', async () => {
    const response = await h.call('GET', '/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.text).toContain('/v1/courts');
    expect(response.text).not.toMatch(/<script[^>]+src=/);
  });

  it('answers the favicon browsers ask for with an empty, cacheable 204 rather than a 404', async () => {
    const response = await h.call('GET', '/favicon.ico');
    expect(response.status).toBe(204);
    expect(response.headers.get('cache-control')).toContain('max-age=');
  });

  it('turns an unexpected error into a 500 with a correlation id and no stack trace', async () => {
    // The repositories are rebuilt on the failing table: the store's own read through the store itself.
    const failingTable = Object.assign(Object.create(h.store), {
      listByIndex: async () => {
        throw new Error('secret internal detail at /var/task/index.mjs:1:2');
      },
    });
    const failing = await httpHarness({ store: Object.assign(failingTable, repositoriesOn(failingTable)) });
    const response = await failing.call('GET', '/v1/courts', {
      as: ['operator', 'op-1'],
      headers: { 'x-correlation-id': 'corr-12345678' },
    });
    expect(response.status).toBe(500);
    expect(response.json).toMatchObject({ code: 'internal_error', correlationId: 'corr-12345678' });
    expect(response.text).not.toMatch(/secret internal detail|index\.mjs|at /);
    expect(response.headers.get('x-correlation-id')).toBe('corr-12345678');
  });
});
