import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { App, Stack } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as installedZod from 'zod';
import { createApp } from '../../functions/http/app';
import type { HttpPorts } from '../../functions/http/deps';
import { routeGroups } from '../../functions/http/route-groups';
import { defaultProvider } from '../../infra/bundling/lambda-credentials';
import * as zodWithoutLocales from '../../infra/bundling/zod-without-locales';
import { PlatformFunction } from '../../infra/constructs/platform-function';
import { writeApiDocument } from '../../infra/stacks/api-stack';
import { createLogger } from '../../shared/adapters/logging/logger';
import { constructBundlingOptions, functionEnvironment, lambdaEntries } from '../support/lambda-bundles';
import { projectRoot } from '../support/project-root';

/**
 * The esbuild aliases of infra/bundling/ swap two packages in every Lambda bundle. These tests hold
 * the swap to "smaller, and otherwise the same": the HTTP function as CDK bundles it, against the same
 * entry bundled without the aliases, answers the same requests byte for byte.
 */

/** zod's exports that the bundles do without (infra/bundling/zod-without-locales/index.ts says why). */
const leftOutOfZod = [
  'ZodCompileAsyncError',
  'ZodCompileUnsupportedError',
  'compile',
  'core',
  'fromJSONSchema',
  'locales',
  'toJSONSchema',
  'withParser',
];

describe('zod without locales', () => {
  it('exports what zod does, less only the locales, JSON Schema conversion and the schema compiler', () => {
    // Prepare
    const installed: Record<string, unknown> = { ...installedZod };
    const aliased: Record<string, unknown> = { ...zodWithoutLocales };
    const names = (exports: Record<string, unknown>) => Object.keys(exports).filter((name) => name !== 'default');

    // Assess: the same names less the left-out ones; and the same objects, so `instanceof` and the
    // prototypes that zod-to-openapi extends are zod's own.
    expect(
      names(installed)
        .filter((name) => !(name in aliased))
        .sort(),
    ).toEqual(leftOutOfZod);
    expect(names(aliased).filter((name) => !(name in installed))).toEqual([]);
    for (const name of names(aliased).filter((name) => name !== 'z')) {
      expect(aliased[name], name).toBe(installed[name]);
    }
  });

  it('gives the same issues, English messages included, for a battery of bad inputs', async () => {
    // Prepare: one probe module, bundled with and without the alias, each run in its own process.
    const probe = `
      import { z } from 'zod';
      const cases = [
        [z.object({ name: z.string().trim().min(2).max(5), kind: z.enum(['court', 'org']) }).strict(),
          { name: 'x', kind: 'nope', extra: 1 }],
        [z.object({ email: z.email(), id: z.uuid(), url: z.url(), at: z.iso.datetime(), day: z.iso.date() }),
          { email: 'no', id: '1', url: 'nope', at: 'yesterday', day: '2024-13-01' }],
        [z.object({ n: z.number().int().positive().max(10), m: z.coerce.number().min(3), b: z.boolean() }),
          { n: 11.5, m: '1', b: 'yes' }],
        [z.array(z.string().regex(/^[0-9]{6}$/)).min(2).max(3), ['12', 5]],
        [z.discriminatedUnion('type', [z.object({ type: z.literal('a'), a: z.string() }),
          z.object({ type: z.literal('b') })]), { type: 'c' }],
        [z.union([z.string().length(3), z.number().multipleOf(5)]), 7],
        [z.tuple([z.string(), z.number()]), ['a', 'b', 'c']],
        [z.record(z.string().min(2), z.number()), { a: 1, bb: 'x' }],
        [z.string().refine((value) => value.startsWith('+'), { message: 'must start with +' }), '86'],
        [z.object({ when: z.date(), size: z.bigint().nonnegative(), tag: z.string().nullable().optional() }),
          { when: 'now', size: -1n, tag: 5 }],
        [z.string().max(3).pipe(z.transform((value) => value.length)).pipe(z.number().min(2)), 'a'],
        [z.object({ start: z.string(), end: z.string() }).superRefine((value, ctx) => {
          if (value.end < value.start) ctx.addIssue({ code: 'custom', message: 'end before start', path: ['end'] });
        }), { start: 'b', end: 'a' }],
        [z.string(), undefined],
      ];
      const results = cases.map(([schema, input]) => {
        const result = schema.safeParse(input);
        return result.success ? 'parsed' : { issues: result.error.issues, pretty: z.prettifyError(result.error) };
      });
      process.stdout.write(JSON.stringify(results, (_key, value) => (typeof value === 'bigint' ? String(value) : value)));
    `;
    const [aliased, installed] = await Promise.all([
      bundleAndRun(probe, { alias: true }),
      bundleAndRun(probe, { alias: false }),
    ]);

    // Assess
    expect(aliased).toBe(installed);
    const results = JSON.parse(aliased) as Array<{ issues: Array<{ message: string }> } | 'parsed'>;
    expect(results.every((result) => result !== 'parsed' && result.issues.length > 0)).toBe(true);
    const messages = results.flatMap((result) => (result === 'parsed' ? [] : result.issues.map((i) => i.message)));
    expect(messages).toContain('Unrecognized key: "extra"');
    expect(messages).toContain('Too small: expected string to have >=2 characters');
    expect(messages.every((message) => /^[\x20-\x7e]+$/.test(message))).toBe(true);
  });
});

describe('every Lambda entry point', () => {
  it('bundles with the aliases without a warning', async () => {
    // Prepare: esbuild warns when code reads an export the aliased zod lacks (`import * as z from 'zod'`
    // and `z.locales`), the way the project imports zod.
    const options = await constructBundlingOptions();

    for (const { path } of await lambdaEntries()) {
      // Act
      const { warnings } = await build({
        ...options,
        entryPoints: [join(projectRoot, path)],
        outfile: 'index.mjs',
        write: false,
        absWorkingDir: projectRoot,
        logLevel: 'silent',
      });

      // Assess
      expect(
        warnings.map((warning) => warning.text),
        path,
      ).toEqual([]);
    }
  });
});

describe('functions on zod/mini only', () => {
  /** Entry points that import zod through shared/validation/zod-mini.ts only, so their bundles carry no classic zod. */
  const miniOnly = [
    'functions/http/groups/auth-lambda.ts',
    'functions/scheduled/checkpoint-chains.ts',
    'functions/scheduled/reconcile.ts',
    'functions/workflow/message-delivery.ts',
    'functions/workflow/offer-lifecycle.ts',
    'functions/workflow/service-delivery.ts',
    'functions/workflow/webhook-delivery.ts',
  ];

  it.each(miniOnly)('%s bundles without the classic zod API', async (path) => {
    // Act
    const { metafile } = await build({
      ...(await constructBundlingOptions()),
      entryPoints: [join(projectRoot, path)],
      outfile: 'index.mjs',
      write: false,
      metafile: true,
      absWorkingDir: projectRoot,
      logLevel: 'silent',
    });

    // Assess: zod/mini's own files are there, the classic API's are not.
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((input) => input.includes('node_modules/zod/v4/mini/'))).toBe(true);
    expect(inputs.filter((input) => input.includes('node_modules/zod/v4/classic/'))).toEqual([]);
  });
});

describe('environment credentials', () => {
  it('gives an SDK client the credentials Lambda puts in the environment', async () => {
    // Prepare: the provider as a client's runtime config uses it in place of the default chain.
    const environment = {
      AWS_ACCESS_KEY_ID: 'AKIDLAMBDA',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
    };
    const saved = Object.fromEntries(Object.keys(environment).map((key) => [key, process.env[key]]));
    Object.assign(process.env, environment);
    try {
      const client = new DynamoDBClient({ region: 'ap-east-1', credentialDefaultProvider: defaultProvider });

      // Act
      const credentials = await client.config.credentials();

      // Assess
      expect(credentials).toMatchObject({
        accessKeyId: 'AKIDLAMBDA',
        secretAccessKey: 'secret',
        sessionToken: 'token',
      });
      client.destroy();
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe('HTTP functions as PlatformFunction bundles them', () => {
  let workDir: string;
  /** The roster API's asset as CDK built it (esbuild CLI, aliases passed as `--alias`). */
  let deployed: string;
  /** The platform function's asset, with the API description its bundling writes next to it. */
  let platform: string;
  /** The roster entry and the same options without the aliases: zod and the SDK as installed. */
  let reference: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'lambda-bundles-'));
    const app = new App({ outdir: join(workDir, 'cdk.out') });
    const stack = new Stack(app, 'Bundles');
    const entryOf = (name: string) => routeGroups.find((group) => group.name === name)?.entry ?? name;
    new PlatformFunction(stack, 'Roster', { entry: entryOf('roster'), description: 'roster' });
    new PlatformFunction(stack, 'Platform', {
      entry: entryOf('platform'),
      description: 'platform',
      afterBundling: writeApiDocument,
    });
    const assetOf = (description: string) => {
      const code = Object.values(
        app.synth().getStackByName('Bundles').template.Resources as Record<
          string,
          { Type: string; Properties: { Description?: string; Code?: { S3Key?: string } } }
        >,
      ).find((resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties.Description === description)
        ?.Properties.Code?.S3Key;
      if (code === undefined) throw new Error(`the stack has no Lambda function ${description} with an asset`);
      return join(workDir, 'cdk.out', `asset.${code.replace(/\.zip$/, '')}`, 'index.mjs');
    };
    deployed = assetOf('roster');
    platform = assetOf('platform');

    const { alias: _alias, ...withoutAliases } = await constructBundlingOptions();
    reference = join(workDir, 'reference', 'index.mjs');
    await build({
      ...withoutAliases,
      entryPoints: [join(projectRoot, entryOf('roster'))],
      outfile: reference,
      absWorkingDir: projectRoot,
      logLevel: 'error',
    });
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('leaves out the default credential chain and zod locales, which the bundle without the aliases has', async () => {
    // Prepare: strings only the left-out code holds (the chain's debug messages, the German locale).
    const markers = ['defaultProvider::fromSSO', 'defaultProvider::remoteProvider', 'ISO-Datum und -Uhrzeit'];
    const [deployedCode, referenceCode] = await Promise.all([readFile(deployed, 'utf8'), readFile(reference, 'utf8')]);

    // Assess (booleans, not toContain: a failure would print a megabyte of bundle)
    for (const marker of markers) {
      expect(referenceCode.includes(marker), `the bundle without aliases holds ${marker}`).toBe(true);
      expect(deployedCode.includes(marker), `the deployed bundle holds ${marker}`).toBe(false);
    }
    expect(deployedCode.includes('Unable to find environment variable credentials')).toBe(true);
    expect(deployedCode.length).toBeLessThan(referenceCode.length - 300 * 1024);
  });

  it('answers a body that breaks the schema with the same English problem details', async () => {
    // Prepare: an operator registers an organization with a body that breaks the schema four ways.
    const request = apiRequest('POST', '/v1/organizations', {
      body: { name: 'x', kind: 'nope', regionCode: 5, extra: true },
      claims: { sub: 'operator-1', 'cognito:groups': '[operator]' },
    });

    // Act
    const [fromDeployed, fromReference] = await Promise.all([invoke(deployed, request), invoke(reference, request)]);

    // Assess
    expect(fromDeployed).toEqual(fromReference);
    const response = fromDeployed as { statusCode: number; body: string };
    expect(response.statusCode).toBe(400);
    const problem = JSON.parse(response.body) as { errors: Array<{ path: string; message: string }> };
    expect(problem.errors.length).toBeGreaterThanOrEqual(3);
    expect(problem.errors).toContainEqual({ path: 'body', message: 'Unrecognized key: "extra"' });
    expect(problem.errors.every(({ message }) => /^[\x20-\x7e]+$/.test(message))).toBe(true);
  });

  it('serves the OpenAPI document of the app that serves every route, built at build time', async () => {
    // Prepare: the document the embedded runtime's app serves, with the same public base URL.
    const whole = createApp({
      publicBaseUrl: functionEnvironment.PUBLIC_BASE_URL,
      health: {},
      logger: createLogger('lambda-bundles-test', 'ERROR'),
    } as Partial<HttpPorts> as HttpPorts);
    const expected = await (await whole.request('/openapi.json')).json();

    // Act
    const response = (await invoke(platform, apiRequest('GET', '/openapi.json'))) as {
      statusCode: number;
      body: string;
    };

    // Assess
    expect(response.statusCode).toBe(200);
    const served = JSON.parse(response.body) as { paths: Record<string, unknown> };
    expect(Object.keys(served.paths).length).toBeGreaterThan(50);
    expect(served).toEqual(expected);
  });
});

/** Bundles a module (source text, resolved from the project root) as the construct does, runs it, returns its stdout. */
async function bundleAndRun(source: string, { alias }: { alias: boolean }): Promise<string> {
  const { alias: aliases, ...options } = await constructBundlingOptions();
  const dir = await mkdtemp(join(tmpdir(), 'zod-probe-'));
  try {
    const outfile = join(dir, 'probe.mjs');
    await build({
      ...options,
      ...(alias ? { alias: aliases } : {}),
      stdin: { contents: source, resolveDir: projectRoot, loader: 'ts', sourcefile: 'probe.ts' },
      outfile,
      absWorkingDir: projectRoot,
      logLevel: 'error',
    });
    return await run(outfile, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An API Gateway HTTP API (payload 2.0) event, with the JWT authorizer's claims when given. */
function apiRequest(
  method: string,
  path: string,
  { body, claims }: { body?: unknown; claims?: Record<string, string> } = {},
): Record<string, unknown> {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {
      host: 'api.platform.example',
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    requestContext: {
      accountId: '000000000000',
      apiId: 'api',
      domainName: 'api.platform.example',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'lambda-bundles-test' },
      requestId: 'request-1',
      routeKey: '$default',
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1767225600000,
      ...(claims === undefined ? {} : { authorizer: { jwt: { claims, scopes: null } } }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

/**
 * Imports a bundle in a fresh process with the environment its stack gives it (no network is needed:
 * both requests are answered before any AWS call) and returns what its handler returned.
 */
async function invoke(bundle: string, event: Record<string, unknown>): Promise<unknown> {
  const script = `
    import { writeFileSync } from 'node:fs';
    const { handler } = await import(process.argv[1]);
    const context = {
      awsRequestId: 'request-1', functionName: 'http', functionVersion: '$LATEST', memoryLimitInMB: '1024',
      invokedFunctionArn: 'arn:aws:lambda:ap-east-1:000000000000:function:http',
      logGroupName: '/aws/lambda/http', logStreamName: 'stream', getRemainingTimeInMillis: () => 29000,
    };
    writeFileSync(process.argv[3], JSON.stringify(await handler(JSON.parse(process.argv[2]), context)));
    process.exit(0);
  `;
  const dir = await mkdtemp(join(tmpdir(), 'invoke-'));
  try {
    const output = join(dir, 'response.json');
    await runScript(script, [pathToFileURL(bundle).href, JSON.stringify(event), output]);
    // The correlation id is API Gateway's request id, the same in both: the whole response must match.
    return JSON.parse(await readFile(output, 'utf8'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(file: string, args: string[]): Promise<string> {
  return spawnNode([file, ...args]);
}

function runScript(script: string, args: string[]): Promise<string> {
  return spawnNode(['--input-type=module', '--eval', script, ...args]);
}

function spawnNode(args: string[]): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...functionEnvironment };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env, cwd: tmpdir(), timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`node ${args[0]} failed: ${error.message}\n${stderr.slice(-2000)}`)) : resolve(stdout),
    );
  });
}
