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

  it('signs no one in as an operator or a mediator without the staff sign-in’s password and TOTP', async () => {
    const started = await start(dataDir);
    try {
      // Prepare: the sign-in pages as anyone reaching the port sees them, with their CSRF cookie.
      const centre = await fetch(`${started.api}/service-centre`);
      const cookie = (centre.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
      const csrf = /name="csrf" value="([^"]+)"/.exec(await centre.text())?.[1] ?? '';
      const inbox = await fetch(`${started.api}/inbox`);

      // Act: the local pickers' forms, an operator id and a mediator id, with no password.
      const asOperator = await fetch(`${started.api}/service-centre/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: started.api },
        body: new URLSearchParams({ csrf, operatorId: 'op-1' }),
      });

      // Assess: refused with no session cookie; the pages offer only the managed login and a token.
      expect(asOperator.status).toBe(400);
      expect(asOperator.headers.getSetCookie().join(';')).not.toMatch(/session=/);
      const inboxPage = await inbox.text();
      expect(inboxPage).not.toContain('name="mediatorId"');
      expect(inboxPage).toContain('data-testid="managed-sign-in"');
    } finally {
      expect(await interrupt(started)).toBe(0);
    }
  }, 150_000);
});
