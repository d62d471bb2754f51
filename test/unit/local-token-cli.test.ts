import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalIssuer, localIssuerUrlFor } from '../../infra/local/local-issuer';
import { loadOrCreateSecrets, secretsFile } from '../../infra/local/local-secrets';
import { projectRoot } from '../support/project-root';

function runTokenCli(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'infra/local/token.ts', ...args],
      { cwd: projectRoot, env: { ...process.env, PLATFORM_DATA_DIR: dataDir }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run token', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'token-cli-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("prints a Cognito-shaped access token that the platform's verifier accepts", async () => {
    const printed = await runTokenCli(dataDir, 'operator', 'op-7');
    expect(printed.code).toBe(0);
    const token = printed.stdout.trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(claims).toMatchObject({
      iss: localIssuerUrlFor('http://localhost:3000'),
      sub: 'op-7',
      token_use: 'access',
      client_id: 'local-web',
      'cognito:groups': ['operator'],
    });

    // The platform started on the same data directory verifies it with the same key.
    const issuer = await LocalIssuer.create({
      key: (await loadOrCreateSecrets(dataDir)).issuerKey,
      issuer: localIssuerUrlFor('http://localhost:3000'),
    });
    expect(await issuer.authenticator().authenticate({ authorization: `Bearer ${token}` })).toEqual({
      role: 'operator',
      subjectId: 'op-7',
    });
    expect(JSON.parse(await readFile(secretsFile(dataDir), 'utf8')).issuerKey.kty).toBe('RSA');
  });

  it('prints usage for an unknown role', async () => {
    const printed = await runTokenCli(dataDir, 'admin', 'x');
    expect(printed.code).toBe(2);
    expect(printed.stderr).toContain('usage: npm run token');
  });
});
