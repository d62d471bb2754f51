import { z } from '@hono/zod-openapi';
import type { HealthProbe } from '../../../shared/ports/health';
import { json, routeGroup } from './route-kit';

const probeTimeoutMs = 2_000;

const ComponentSchema = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number(),
  error: z.string().optional(),
});
const HealthSchema = z
  .object({ status: z.enum(['ok', 'degraded']), components: z.record(z.string(), ComponentSchema) })
  .openapi('Health');

export function healthRoutes(probes: Record<string, HealthProbe>) {
  return routeGroup('/health', 'platform').operation(
    'get',
    '/',
    {
      operationId: 'getHealth',
      summary: 'Each component the platform depends on, up or down',
      responses: { 200: json(HealthSchema, 'every component is up'), 503: json(HealthSchema, 'a component is down') },
    },
    async (c) => {
      const entries = await Promise.all(
        Object.entries(probes).map(async ([name, probe]) => [name, await runProbe(probe)] as const),
      );
      const components = Object.fromEntries(entries);
      const allUp = entries.every(([, result]) => result.status === 'up');
      const status = allUp ? ('ok' as const) : ('degraded' as const);
      return c.json({ status, components }, allUp ? 200 : 503);
    },
  );
}

async function runProbe(probe: HealthProbe): Promise<z.infer<typeof ComponentSchema>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${probeTimeoutMs} ms`)), probeTimeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}
