import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpHarness } from '../support/http-harness';

const run = promisify(execFile);
const redocly = resolve('node_modules/.bin/redocly');
const methods = ['get', 'put', 'post', 'patch', 'delete'] as const;

type Schema = {
  $ref?: string;
  type?: string;
  properties?: object;
  additionalProperties?: unknown;
  [key: string]: unknown;
};
type ResponseObject = { content?: Record<string, { schema?: Schema }>; headers?: object };
type Operation = { operationId?: string; description?: string; responses: Record<string, ResponseObject> };
type Document = {
  paths: Record<string, Partial<Record<(typeof methods)[number], Operation>>>;
  components: { schemas: Record<string, Schema> };
};

/** Every operation of the served document, with its method and path. */
function operationsOf(document: Document) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ method, path, operation }] : [];
    }),
  );
}

/** A schema that says nothing: `{}`, or an object that names no property and allows any. */
function isOpaque(document: Document, schema: Schema | undefined): boolean {
  if (!schema) return true;
  const resolved = schema.$ref ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
  if (!resolved || Object.keys(resolved).length === 0) return true;
  return resolved.type === 'object' && !resolved.properties && resolved.additionalProperties !== false;
}

describe('the served OpenAPI document', () => {
  let document: Document;
  let served: string;
  let directory: string;
  let file: string;

  beforeAll(async () => {
    const h = await httpHarness();
    const response = await h.call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    served = response.text;
    document = JSON.parse(served) as Document;
    directory = await mkdtemp(join(tmpdir(), 'openapi-contract-'));
    file = join(directory, 'openapi.json');
    await writeFile(file, served);
  });

  afterAll(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('passes redocly lint with the recommended rules, without an error or a warning', async () => {
    // Run in the temporary folder, so no redocly.yaml of anyone's can change the rules.
    const { stdout } = await run(
      process.execPath,
      [redocly, 'lint', '--extends', 'recommended', '--format', 'json', file],
      {
        cwd: directory,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    ).catch((error: Error & { stdout?: string }) => {
      // redocly exits 1 when it finds a problem: its report is still on stdout.
      if (!error.stdout) throw error;
      return { stdout: error.stdout };
    });
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }>;
    };
    const problems = report.problems.map(
      (problem) => `${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`,
    );
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('names every operation once, in camelCase, with the roles that may call it', () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(40);
    const ids = operations.map(({ operation }) => operation.operationId);
    for (const { method, path, operation } of operations) {
      expect(operation.operationId, `${method} ${path}`).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(operation.description, `${method} ${path}`).toMatch(/^Roles: /);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes every success with a schema, and every problem of the API as problem+json', () => {
    for (const { method, path, operation } of operationsOf(document)) {
      const statuses = Object.keys(operation.responses);
      const successes = statuses.filter((status) => status.startsWith('2'));
      expect(successes.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const status of successes) {
        const content = operation.responses[status]?.content ?? {};
        expect(Object.keys(content).length, `${method} ${path} ${status}`).toBeGreaterThan(0);
        for (const [mediaType, media] of Object.entries(content)) {
          expect(isOpaque(document, media.schema), `${method} ${path} ${status} ${mediaType}`).toBe(false);
        }
      }
      if (!path.startsWith('/v1/')) continue;
      // The API behind the bearer token: a schema to break and a token to lack, and problems as RFC 9457.
      expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['400', '401']));
      for (const status of statuses.filter((candidate) => /^4\d\d$/.test(candidate))) {
        expect(operation.responses[status]?.content, `${method} ${path} ${status}`).toEqual({
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        });
      }
    }
  });

  it('says when to retry on every 429 of the API: the limited sends answer with Retry-After', () => {
    const limited = operationsOf(document).filter(
      ({ path, operation }) => path.startsWith('/v1/') && operation.responses['429'] !== undefined,
    );
    expect(limited.map(({ operation }) => operation.operationId)).toEqual(
      expect.arrayContaining(['fileDispute', 'reinviteParty', 'sendSigningLink']),
    );
    for (const { method, path, operation } of limited) {
      const headers = (operation.responses['429'] as { headers?: Record<string, unknown> }).headers;
      expect(headers, `${method} ${path}`).toHaveProperty('Retry-After');
    }
  });

  it('generates client types in which no success is never or unknown', async () => {
    const source = astToString(await openapiTS(JSON.parse(served) as OpenAPI3));
    const operations = operationsOf(document);
    // One alias per success and media type: the type a typed client gets for that answer.
    const probes = operations.flatMap(({ operation }) =>
      Object.entries(operation.responses)
        .filter(([status]) => status.startsWith('2'))
        .flatMap(([status, response]) =>
          Object.keys(response.content ?? {}).map((mediaType) => ({
            name: `${operation.operationId}${status}${mediaType.replace(/\W/g, '_')}`,
            type: `operations[${JSON.stringify(operation.operationId)}]['responses'][${status}]['content'][${JSON.stringify(mediaType)}]`,
          })),
        ),
    );
    const probeSource = probes.map(({ name, type }) => `export type ${name} = ${type};`).join('\n');

    // The generated types and the probes in one virtual file, type-checked in memory.
    const name = '/openapi-contract/api.ts';
    const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, types: [] };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (file, language) =>
      file === name
        ? ts.createSourceFile(file, `${source}\n${probeSource}\n`, language)
        : getSourceFile(file, language);
    const program = ts.createProgram([name], options, host);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(diagnostics).toEqual([]);

    const checker = program.getTypeChecker();
    const probeNames = new Set(probes.map((probe) => probe.name));
    const aliases = (program.getSourceFile(name) as ts.SourceFile).statements
      .filter(ts.isTypeAliasDeclaration)
      .filter((alias) => probeNames.has(alias.name.text));
    const vague = ts.TypeFlags.Never | ts.TypeFlags.Unknown | ts.TypeFlags.Any;
    const untyped = aliases
      .filter((alias) => (checker.getTypeAtLocation(alias.name).flags & vague) !== 0)
      .map((alias) => alias.name.text);
    expect(probes.length).toBeGreaterThan(40);
    expect(aliases).toHaveLength(probes.length);
    expect(untyped).toEqual([]);
  });
});
