import { percentile } from '../types';
import type { Running } from './platform-control';

/**
 * The bench's HTTP client: requests to whichever platform process is running now, latencies by
 * route as the client sees them, and retries across a kill. A request the kill cut off is sent
 * again, with the same `Idempotency-Key`, once the platform is back; a key still claimed by the
 * cut-off request (409 in progress, until the claim goes stale) is retried after a pause. A 429
 * (the court's per-minute request quota) is retried after its Retry-After, as an integrator does.
 */

export interface RouteFigures {
  route: string;
  count: number;
  errors: number;
  /** Requests cut off by a kill (connection refused or reset), each retried. */
  interrupted: number;
  /** Answers 429 (over the court's request quota), each retried after its Retry-After. */
  throttled: number;
  firstMs: number;
  lastMs: number;
  latencies: number[];
}

export class PlatformLink {
  private current: Running;
  private back: Promise<void> | undefined;
  private readonly routes = new Map<string, RouteFigures>();

  constructor(running: Running) {
    this.current = running;
  }

  get running(): Running {
    return this.current;
  }

  /** Holds new requests until `restart` resolves with the next process. */
  async replace(restart: () => Promise<Running>): Promise<void> {
    let done = () => {};
    this.back = new Promise((resolve) => {
      done = resolve;
    });
    try {
      this.current = await restart();
    } finally {
      this.back = undefined;
      done();
    }
  }

  async call(
    route: string,
    method: string,
    path: string,
    options: { token?: string | ((running: Running) => Promise<string>); body?: unknown; idempotencyKey?: string } = {},
  ): Promise<{ status: number; json: unknown; text: string }> {
    const figures = this.figures(route);
    for (let attempt = 1; ; attempt++) {
      if (this.back) await this.back;
      const running = this.current;
      const token =
        typeof options.token === 'function'
          ? await options.token(running)
          : (options.token ?? running.ready.operatorToken);
      const t0 = performance.now();
      try {
        const response = await fetch(`${running.ready.api}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
          },
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        });
        const text = await response.text();
        const ms = performance.now() - t0;
        if (response.status === 409 && text.includes('idempotent_request_in_progress') && attempt < 40) {
          await pause(5_000);
          continue;
        }
        if (response.status === 429 && attempt < 40) {
          figures.throttled++;
          await pause(retryAfterMs(response.headers.get('retry-after')));
          continue;
        }
        if (response.status >= 500 && attempt < 5) {
          figures.errors++;
          await pause(1_000 * attempt);
          continue;
        }
        figures.count++;
        figures.latencies.push(ms);
        figures.lastMs = performance.now();
        if (response.status >= 400) figures.errors++;
        return { status: response.status, text, json: text ? JSON.parse(text) : undefined };
      } catch (error) {
        // The process went down under the request (or was down): wait for the next one.
        if (attempt >= 20) throw error;
        figures.interrupted++;
        await (this.back ?? pause(1_000));
      }
    }
  }

  private figures(route: string): RouteFigures {
    let figures = this.routes.get(route);
    if (!figures) {
      const now = performance.now();
      figures = { route, count: 0, errors: 0, interrupted: 0, throttled: 0, firstMs: now, lastMs: now, latencies: [] };
      this.routes.set(route, figures);
    }
    return figures;
  }

  summary(): Array<{
    route: string;
    count: number;
    errors: number;
    interrupted: number;
    throttled: number;
    perSecond: number;
    p50: number;
    p99: number;
  }> {
    return [...this.routes.values()].map((figures) => ({
      route: figures.route,
      count: figures.count,
      errors: figures.errors,
      interrupted: figures.interrupted,
      throttled: figures.throttled,
      perSecond: figures.count / Math.max(0.001, (figures.lastMs - figures.firstMs) / 1000),
      p50: percentile(figures.latencies, 50),
      p99: percentile(figures.latencies, 99),
    }));
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After in seconds, as the platform sends it; 1 s when absent or unreadable, at most a minute. */
function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 60) * 1000 : 1000;
}

/** `work` over `count` indexes by `concurrency` loops; stops at the first failure. */
export async function bounded(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next++;
        await work(index);
      }
    }),
  );
}
