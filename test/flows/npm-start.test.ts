import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start` as a user runs it: the real start script in its own process, stopped with SIGINT
 * (what Ctrl-C sends), started again on the same data directory.
 */
interface Started {
  child: ChildProcessWithoutNullStreams;
  api: string;
  output: () => string;
}

const startScript = join(import.meta.dirname, '../../infra/local/start.ts');
// As package.json's scripts run them: node (the Node 24 that npm puts first on the PATH, which runs
// this test too) with tsx's loader, so signals reach the platform directly.
const node = (script: string) => [process.execPath, ['--import', 'tsx', script]] as const;

function start(dataDir: string): Promise<Started> {
  const [command, args] = node(startScript);
  const child = spawn(command, args, {
    env: { ...process.env, PLATFORM_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'WARN' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = AbortSignal.timeout(60_000);
  return new Promise((resolve, reject) => {
    const notReady = (why: string) => reject(new Error(`${why}:\n${output}`));
    deadline.addEventListener('abort', () => notReady('not ready within 60 s'));
    const check = () => {
      const api = /API\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (api && output.includes('Ctrl-C to stop')) {
        child.stdout.off('data', check);
        resolve({ child, api, output: () => output });
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => notReady(`exited with ${code} before it was ready`));
  });
}

function interrupt(started: Started): Promise<number | null> {
  return new Promise((resolve) => {
    started.child.once('exit', (code) => resolve(code));
    started.child.kill('SIGINT');
  });
}

async function token(dataDir: string, role: string, id: string): Promise<string> {
  const [command, args] = node(join(import.meta.dirname, '../../infra/local/token.ts'));
  const child = spawn(command, [...args, role, id], {
    env: { ...process.env, PLATFORM_DATA_DIR: dataDir },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  await new Promise((resolve) => child.once('exit', resolve));
  return out.trim().split('\n').pop() ?? '';
}

describe('npm start', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'platform-start-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers /health with every component up, stops cleanly on Ctrl-C and keeps the data for the next start', async () => {
    const first = await start(dataDir);
    expect(first.output(), 'the platform runs on Node 24').toMatch(/on Node v24\./);
    const health = (await fetch(`${first.api}/health`).then((response) => response.json())) as {
      status: string;
      components: Record<string, unknown>;
    };
    expect(health.status).toBe('ok');
    expect(Object.keys(health.components).sort()).toEqual([
      'dynamodb',
      'identity',
      'outbox',
      's3',
      'ses',
      'sms',
      'workflows',
    ]);

    const operator = await token(dataDir, 'operator', 'op-1');
    const created = await fetch(`${first.api}/v1/courts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Hangzhou Internet Court',
        level: 'basic',
        regionCode: '330106',
        jurisdiction: { regions: ['3301'], caseTypes: ['online_shopping_contract'] },
        clientId: 'hangzhou-internet-court',
      }),
    });
    expect(created.status).toBe(201);
    const court = (await created.json()) as { id: string };

    expect(await interrupt(first)).toBe(0);
    expect(first.output()).toContain('stopped.');

    const second = await start(dataDir);
    try {
      const again = await fetch(`${second.api}/v1/courts/${court.id}`, {
        headers: { authorization: `Bearer ${operator}` },
      });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(court);
    } finally {
      expect(await interrupt(second)).toBe(0);
    }
  }, 150_000);
});
