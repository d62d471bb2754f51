import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import * as z from 'zod';
import {
  type CarrierCheckResponse,
  carrierCheckPath,
  carrierCheckRequestSchema,
  type ProviderSettings,
} from '../../shared/adapters/identity-verifier/provider-contract';
import { normalizeIdNumber } from '../../shared/domain/id-number';
import { carrierCheckable } from '../../shared/domain/identity/identity-assurance';

/**
 * A loopback stand-in for a carrier three-factor identity provider: it answers the contract of
 * docs/identity-verifier.md (the one the HTTPS adapter speaks) from a register of test identities,
 * each an ID number, a name and the mobile numbers registered to them. Seeded at start; tests and
 * developers add identities with `register()` or `POST /identities` (kept across restarts in
 * `registerFile` when given). Like a provider it checks the
 * bearer API key, and it fails on documented test mobiles so error paths can be exercised.
 */

/** A documented test mobile answers with this HTTP status instead of a result. */
export const identityTestMobiles: Readonly<Record<string, number>> = {
  '+8613800009503': 503,
  '+8613800009429': 429,
};

export const registeredIdentitySchema = z
  .object({
    idNumber: z.string().min(1).max(40),
    name: z.string().min(1).max(200),
    mobile: z.string().regex(/^\+[1-9]\d{6,14}$/),
  })
  .strict();
export type RegisteredIdentity = z.infer<typeof registeredIdentitySchema>;

export interface IdentityProviderOptions {
  port?: number;
  identities?: RegisteredIdentity[];
  /** The key callers must present; a random one by default. */
  apiKey?: string;
  /**
   * Where identities added after start are kept (one JSON object a line), so they survive a restart
   * as the rest of `.data/` does; read back at start. Absent: the register lives in memory.
   */
  registerFile?: string;
}

export interface IdentityProviderEmulator {
  endpoint: string;
  /** What the platform's adapter is configured with locally (the secret's shape in AWS). */
  settings: ProviderSettings;
  register(identity: RegisteredIdentity): void;
  /** Checks answered so far (results only; the emulator keeps no claim). */
  checks(): Array<{ result: CarrierCheckResponse['result'] | 'error'; status: number }>;
  stop(): Promise<void>;
}

export async function startIdentityProvider(options: IdentityProviderOptions = {}): Promise<IdentityProviderEmulator> {
  const apiKey = options.apiKey ?? randomBytes(24).toString('base64url');
  /** `idNumber|name` → mobiles registered to that identity. */
  const register = new Map<string, Set<string>>();
  const answered: Array<{ result: CarrierCheckResponse['result'] | 'error'; status: number }> = [];
  const keyOf = (idNumber: string, name: string) => `${normalizeIdNumber(idNumber)}|${name.trim()}`;
  const remember = (identity: RegisteredIdentity) => {
    const parsed = registeredIdentitySchema.parse(identity);
    const key = keyOf(parsed.idNumber, parsed.name);
    register.set(key, (register.get(key) ?? new Set()).add(parsed.mobile));
    return parsed;
  };
  /** An identity added after start: remembered, and kept in the register file when there is one. */
  const add = (identity: RegisteredIdentity) => {
    const parsed = remember(identity);
    if (options.registerFile) appendFileSync(options.registerFile, `${JSON.stringify(parsed)}\n`);
  };
  for (const identity of options.identities ?? []) remember(identity);
  for (const identity of await keptIdentities(options.registerFile)) remember(identity);

  const server = createServer((request, response) => {
    handle(request, response).catch(() => send(response, 500, { error: 'internal' }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    if (request.method === 'POST' && request.url === carrierCheckPath) {
      if (!authorized(request.headers.authorization, apiKey)) {
        answered.push({ result: 'error', status: 401 });
        return send(response, 401, { error: 'unauthorized' });
      }
      const claim = carrierCheckRequestSchema.safeParse(body);
      if (!claim.success) {
        answered.push({ result: 'error', status: 400 });
        return send(response, 400, { error: 'invalid_request' });
      }
      const failWith = identityTestMobiles[claim.data.mobile];
      if (failWith !== undefined) {
        answered.push({ result: 'error', status: failWith });
        return send(response, failWith, { error: 'unavailable' });
      }
      const result: CarrierCheckResponse['result'] = !carrierCheckable(claim.data.idType)
        ? 'not_checkable'
        : register.get(keyOf(claim.data.idNumber, claim.data.name))?.has(claim.data.mobile)
          ? 'match'
          : 'no_match';
      answered.push({ result, status: 200 });
      return send(response, 200, { result, reference: `emu-${randomUUID()}` } satisfies CarrierCheckResponse);
    }
    if (request.method === 'POST' && request.url === '/identities') {
      const identity = registeredIdentitySchema.safeParse(body);
      if (!identity.success) return send(response, 400, { error: 'invalid_identity' });
      add(identity.data);
      return send(response, 201, { registered: true });
    }
    if (request.method === 'GET' && request.url === '/health') return send(response, 200, { ok: true });
    return send(response, 404, { error: 'not_found' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    settings: { url: endpoint, apiKey },
    register: add,
    checks: () => [...answered],
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The identities kept in the register file (a line that does not parse is skipped, as a torn last write). */
async function keptIdentities(registerFile: string | undefined): Promise<RegisteredIdentity[]> {
  if (!registerFile) return [];
  await mkdir(dirname(registerFile), { recursive: true });
  const text = await readFile(registerFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text.split('\n').flatMap((line) => {
    try {
      const parsed = registeredIdentitySchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

function authorized(header: string | undefined, apiKey: string): boolean {
  const given = Buffer.from(header ?? '');
  const expected = Buffer.from(`Bearer ${apiKey}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 16_384) return undefined;
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
