import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  interruptNpmStart as interrupt,
  localScript,
  nodeWithTsx,
  startNpmStart as start,
} from '../support/npm-start-process';

/**
 * `npm start` as a user runs it: the real start script in its own process, stopped with SIGINT
 * (what Ctrl-C sends), started again on the same data directory.
 */
async function token(dataDir: string, role: string, id: string): Promise<string> {
  const [command, args] = nodeWithTsx(localScript('token.ts'));
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

  it('signs nobody in to the staff pages by a name alone: no operator id, no mediator pick, no roster shown', async () => {
    const platform = await start(dataDir);
    try {
      for (const [area, field, name] of [
        ['service-centre', 'operatorId', 'op-1'],
        ['inbox', 'mediatorId', 'mediator-001'],
      ] as const) {
        const page = await fetch(`${platform.api}/${area}`);
        const html = await page.text();
        expect(html, `the ${area} sign-in offers no ${field} field`).not.toContain(`name="${field}"`);
        const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
        const cookie = page.headers
          .getSetCookie()
          .map((set) => set.split(';')[0])
          .join('; ');
        const signIn = await fetch(`${platform.api}/${area}/sign-in`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: platform.api, cookie },
          body: new URLSearchParams({ csrf, [field]: name }),
        });
        expect(signIn.status, `${area}: a name without password or TOTP is refused`).toBe(400);
        expect(signIn.headers.getSetCookie().some((set) => /_session=[^;]/.test(set))).toBe(false);
      }
      const inbox = await (await fetch(`${platform.api}/inbox`)).text();
      expect(inbox, 'the sign-in page lists no mediator of the roster').not.toMatch(/med_[A-Za-z0-9_-]{22}/);
    } finally {
      expect(await interrupt(platform)).toBe(0);
    }
  }, 150_000);
});
