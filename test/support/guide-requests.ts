import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './project-root';

/*
 * Runs the requests a Markdown guide shows, so the guide cannot drift from the platform. A block
 * fenced as ```sh step=<name> holds shell as an integrator would paste it, in the small dialect
 * the guide uses: `curl` (with -X, -H, -d/--data/--data-binary, -u, -o, a heredoc on stdin, and a
 * pipe into `jq -r <path> > <file>`), `NAME=$(…)` for the few value-making commands below,
 * `sha256sum <file>` and `npm run verify-proof`. Comment lines carry what the reader is told and
 * the test checks: `# expect: <status>`, `# keep: NAME=<jq path>`, `# until: <jq path> == "<value>"`.
 * Anything else in a step block is an error: the guide must stay in what this runs.
 */

export interface GuideStep {
  name: string;
  commands: Command[];
  expect?: number;
  keep: Array<{ name: string; path: string }>;
  until?: { path: string; value: string };
}

export type Command =
  | { kind: 'curl'; words: Word[]; stdin?: string; pipe?: { path: string; file: string } }
  | { kind: 'assign'; name: string; value: string }
  | { kind: 'sha256sum'; file: string }
  | { kind: 'verify-proof'; bundle: string; key: string };

/** A shell word, still with its variables: `$NAME` expands unless it was single-quoted. */
export interface Word {
  parts: Array<{ text: string; expands: boolean }>;
}

/** Every fenced block of the guide: its info string and its text. */
export function fencedBlocks(markdown: string): Array<{ info: string; text: string }> {
  return [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    info: (match[1] ?? '').trim(),
    text: match[2] ?? '',
  }));
}

/** The guide's runnable steps, in the order it shows them. */
export function guideSteps(markdown: string): GuideStep[] {
  return fencedBlocks(markdown).flatMap(({ info, text }) => {
    const name = /^sh step=([a-z0-9-]+)$/.exec(info)?.[1];
    return name ? [parseStep(name, text)] : [];
  });
}

/** Shell lines: continuations joined, each heredoc's text attached to the line that opens it. */
export function shellLines(text: string): Array<{ line: string; heredoc?: string }> {
  const raw = text.split('\n');
  const lines: Array<{ line: string; heredoc?: string }> = [];
  for (let i = 0; i < raw.length; i += 1) {
    let line = raw[i] ?? '';
    while (line.endsWith('\\') && i + 1 < raw.length) {
      i += 1;
      line = `${line.slice(0, -1)} ${(raw[i] ?? '').trim()}`;
    }
    const marker = /\s<<(\w+)\s*$/.exec(line);
    if (marker) {
      const body: string[] = [];
      for (i += 1; i < raw.length && raw[i] !== marker[1]; i += 1) body.push(raw[i] ?? '');
      lines.push({ line: line.slice(0, marker.index), heredoc: `${body.join('\n')}\n` });
    } else if (line.trim() !== '') {
      lines.push({ line: line.trim() });
    }
  }
  return lines;
}

function parseStep(name: string, text: string): GuideStep {
  const step: GuideStep = { name, commands: [], keep: [] };
  for (const { line, heredoc } of shellLines(text)) {
    const directive = /^# (expect|keep|until): (.+)$/.exec(line);
    if (directive) {
      const [, kind, value = ''] = directive;
      if (kind === 'expect') step.expect = Number(value);
      if (kind === 'keep') {
        const [, keepName = '', path = ''] = /^([A-Z_][A-Z0-9_]*)=(\S+)$/.exec(value) ?? [];
        step.keep.push({ name: keepName, path });
      }
      if (kind === 'until') {
        const [, path = '', expected = ''] = /^(\S+) == "([^"]*)"$/.exec(value) ?? [];
        step.until = { path, value: expected };
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    step.commands.push(parseCommand(line, heredoc, name));
  }
  return step;
}

/** The value-making commands a guide may use in `NAME=$(…)`, and what each makes. */
const assignments: Array<{ pattern: RegExp; describe: (match: RegExpExecArray) => string }> = [
  { pattern: /^sha256sum (\S+) \| cut -d' ' -f1$/, describe: (m) => `sha256:${m[1]}` },
  { pattern: /^TZ=Asia\/Shanghai date \+%F$/, describe: () => 'date:Asia/Shanghai' },
];

function parseCommand(line: string, heredoc: string | undefined, step: string): Command {
  const assignment = /^([A-Z_][A-Z0-9_]*)=\$\((.+)\)$/.exec(line);
  if (assignment) {
    const [, name = '', command = ''] = assignment;
    for (const { pattern, describe } of assignments) {
      const match = pattern.exec(command);
      if (match) return { kind: 'assign', name, value: describe(match) };
    }
    throw new Error(`step ${step}: no known command in ${line}`);
  }
  const words = tokenize(line);
  const [first] = words.map(literal);
  if (first === 'sha256sum' && words.length === 2) return { kind: 'sha256sum', file: literal(words[1] as Word) };
  if (first === 'npm') {
    const plain = words.map(literal);
    const match = /^npm run verify-proof -- (\S+) --key (\S+)$/.exec(plain.join(' '));
    if (!match) throw new Error(`step ${step}: unknown npm command ${line}`);
    return { kind: 'verify-proof', bundle: match[1] ?? '', key: match[2] ?? '' };
  }
  if (first !== 'curl') throw new Error(`step ${step}: the test runs curl, not ${line}`);
  const bar = words.findIndex((word) => literal(word) === '|');
  if (bar === -1) return { kind: 'curl', words, ...(heredoc ? { stdin: heredoc } : {}) };
  const [jq, raw, path, redirect, file] = words.slice(bar + 1).map(literal);
  if (jq !== 'jq' || raw !== '-r' || redirect !== '>' || !path || !file) {
    throw new Error(`step ${step}: the only pipe understood is | jq -r <path> > <file>`);
  }
  return { kind: 'curl', words: words.slice(0, bar), pipe: { path, file } };
}

/** Splits a line into shell words: '…' literal, "…" and bare words expanding `$NAME`. */
function tokenize(line: string): Word[] {
  const words: Word[] = [];
  let current: Word | undefined;
  const add = (text: string, expands: boolean) => {
    current ??= { parts: [] };
    current.parts.push({ text, expands });
  };
  for (let i = 0; i < line.length; ) {
    const char = line[i] as string;
    if (char === ' ') {
      if (current) words.push(current);
      current = undefined;
      i += 1;
    } else if (char === "'" || char === '"') {
      const end = line.indexOf(char, i + 1);
      if (end === -1) throw new Error(`unclosed quote in ${line}`);
      add(line.slice(i + 1, end), char === '"');
      i = end + 1;
    } else {
      let end = i;
      while (end < line.length && !' \'"'.includes(line[end] as string)) end += 1;
      add(line.slice(i, end), true);
      i = end;
    }
  }
  if (current) words.push(current);
  return words;
}

function literal(word: Word): string {
  return word.parts.map((part) => part.text).join('');
}

/** A word's text with its variables expanded (single-quoted parts stay as written). */
function expandWord(word: Word, variables: Record<string, string>): string {
  return word.parts.map((part) => (part.expands ? expand(part.text, variables) : part.text)).join('');
}

/** `$NAME` and `${NAME}` from the variables; an unset variable is an error, not an empty string. */
export function expand(text: string, variables: Record<string, string>): string {
  return text.replace(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`$${name} is not set`);
    return value;
  });
}

/** A jq path of the guide's kind (`.a.b[0].c`) into a JSON value. */
export function atPath(value: unknown, path: string): unknown {
  const keys = [...path.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)].map((match) =>
    match[1] !== undefined ? match[1] : Number(match[2]),
  );
  return keys.reduce<unknown>(
    (at, key) => (at === null || at === undefined ? undefined : (at as Record<string | number, unknown>)[key]),
    value,
  );
}

export interface CurlRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
  output?: string;
}

/** The request a curl command makes, as curl makes it (the subset the guide uses). */
export function curlRequest(
  command: Extract<Command, { kind: 'curl' }>,
  variables: Record<string, string>,
  files: Map<string, Uint8Array>,
): CurlRequest {
  const words = command.words.map((word) => expandWord(word, variables));
  const headers: Record<string, string> = {};
  const data: string[] = [];
  let binary: Uint8Array | undefined;
  let method: string | undefined;
  let url: string | undefined;
  let output: string | undefined;
  const fileOf = (name: string) => {
    const bytes = files.get(name);
    if (!bytes) throw new Error(`no file ${name}`);
    return bytes;
  };
  for (let i = 1; i < words.length; i += 1) {
    const word = words[i] as string;
    const value = () => {
      i += 1;
      return words[i] as string;
    };
    if (word === '-sS' || word === '-s') continue;
    if (word === '-X') method = value();
    else if (word === '-H') {
      const header = value();
      const colon = header.indexOf(':');
      headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
    } else if (word === '-u') headers.authorization = `Basic ${Buffer.from(value()).toString('base64')}`;
    else if (word === '-o') output = value();
    else if (word === '-d' || word === '--data') {
      const argument = value();
      // curl reads `@-` from stdin and `@file` from the file, dropping carriage returns and newlines.
      if (argument === '@-') data.push((command.stdin ? expand(command.stdin, variables) : '').replace(/[\r\n]/g, ''));
      else if (argument.startsWith('@')) data.push(new TextDecoder().decode(fileOf(argument.slice(1))));
      else data.push(argument);
    } else if (word === '--data-binary') {
      const argument = value();
      binary = argument.startsWith('@') ? fileOf(argument.slice(1)) : new TextEncoder().encode(argument);
    } else if (word.startsWith('-')) throw new Error(`curl option ${word} is not understood by the test`);
    else url = word;
  }
  if (!url) throw new Error('curl without a URL');
  const body = binary ?? (data.length > 0 ? data.join('&') : undefined);
  if (body !== undefined && data.length > 0) headers['content-type'] ??= 'application/x-www-form-urlencoded';
  return { method: method ?? (body !== undefined ? 'POST' : 'GET'), url, headers, ...(body ? { body } : {}), output };
}

export interface StepResult {
  status?: number;
  headers?: Headers;
  text?: string;
  json?: unknown;
  request?: CurlRequest;
  sha256sums: Record<string, string>;
  verifyProof?: { exitCode: number; stdout: string };
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const run = promisify(execFile);

/**
 * Runs guide steps with real HTTP (`fetch`), keeping the variables each step's `# keep:` names and
 * the files curl writes (`-o`, `> file`); files are also written to a folder for the commands that
 * read them from disk (`npm run verify-proof`).
 */
export class GuideRunner {
  readonly files = new Map<string, Uint8Array>();
  private folder: string | undefined;

  constructor(readonly variables: Record<string, string>) {}

  async run(step: GuideStep): Promise<StepResult> {
    const result: StepResult = { sha256sums: {} };
    for (const command of step.commands) {
      if (command.kind === 'assign') this.variables[command.name] = this.valueOf(command.value);
      if (command.kind === 'sha256sum') result.sha256sums[command.file] = sha256Hex(this.file(command.file));
      if (command.kind === 'verify-proof') result.verifyProof = await this.verifyProof(command.bundle, command.key);
      if (command.kind === 'curl') Object.assign(result, await this.curl(command));
    }
    for (const { name, path } of step.keep) {
      const value = atPath(result.json, path);
      if (typeof value !== 'string') throw new Error(`step ${step.name}: ${path} is not a string (${result.text})`);
      this.variables[name] = value;
    }
    return result;
  }

  file(name: string): Uint8Array {
    const bytes = this.files.get(name);
    if (!bytes) throw new Error(`no file ${name}`);
    return bytes;
  }

  private valueOf(description: string): string {
    const [kind, argument = ''] = description.split(/:(.*)/s);
    if (kind === 'sha256') return sha256Hex(this.file(argument));
    return new Intl.DateTimeFormat('en-CA', { timeZone: argument }).format(new Date());
  }

  private async curl(command: Extract<Command, { kind: 'curl' }>) {
    const request = curlRequest(command, this.variables, this.files);
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (request.output) this.files.set(request.output, bytes);
    if (command.pipe) {
      const value = atPath(json, command.pipe.path);
      this.files.set(command.pipe.file, new TextEncoder().encode(`${String(value)}\n`));
    }
    return { status: response.status, headers: response.headers, text, json, request };
  }

  /** `npm run verify-proof`, the project's script, on the files written so far. */
  private async verifyProof(bundle: string, key: string) {
    this.folder ??= await mkdtemp(join(tmpdir(), 'court-guide-'));
    for (const [name, bytes] of this.files) await writeFile(join(this.folder, name), bytes);
    try {
      const { stdout } = await run(
        'npm',
        ['run', '--silent', 'verify-proof', '--', join(this.folder, bundle), '--key', join(this.folder, key)],
        {
          cwd: projectRoot,
        },
      );
      return { exitCode: 0, stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string };
      return { exitCode: failed.code ?? -1, stdout: failed.stdout ?? '' };
    }
  }
}
