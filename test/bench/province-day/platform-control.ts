import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalIssuer } from '../../../infra/local/local-issuer';
import { loadOrCreateSecrets } from '../../../infra/local/local-secrets';

/**
 * Starts the platform child (platform-child.ts) on a data directory, kills it as a machine going
 * down would (SIGKILL to it and to DynamoDB Local, its child), and stops it cleanly at the end.
 */

export interface Ready {
  api: string;
  sms: string;
  ses: string;
  dynamodb: string;
  region: string;
  tableName: string;
  issuer: string;
  resumedExecutions: number;
  operatorToken: string;
}

export interface Running {
  child: ChildProcessWithoutNullStreams;
  ready: Ready;
  /** Mints tokens the running platform accepts (its issuer key is in the data directory). */
  tokens: LocalIssuer;
  unitsFile: string;
  startedInMs: number;
  output: () => string;
}

const script = join(import.meta.dirname, 'platform-child.ts');

export async function startChild(dataDir: string, unitsFile: string, receiptSeconds: number): Promise<Running> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      PLATFORM_DATA_DIR: dataDir,
      PROVINCE_UNITS_FILE: unitsFile,
      PLATFORM_TEST_RECEIPT_SECONDS: String(receiptSeconds),
    },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    // The last 20,000 characters are enough to say why a start failed.
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const ready = await new Promise<Ready>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`not ready within 300 s:\n${output}`)), 300_000);
    const check = () => {
      const line = output.split('\n').find((candidate) => candidate.startsWith('{"ready":true'));
      if (!line) return;
      clearTimeout(deadline);
      child.stdout.off('data', check);
      child.off('exit', early);
      resolve(JSON.parse(line) as Ready);
    };
    const early = (code: number | null) => reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    child.stdout.on('data', check);
    child.once('exit', early);
  });
  // Drop the start's output from memory now; later output is only kept for a failure's message.
  output = '';
  const secrets = await loadOrCreateSecrets(dataDir);
  const tokens = await LocalIssuer.create({ key: secrets.issuerKey, issuer: ready.issuer });
  return { child, ready, tokens, unitsFile, startedInMs: performance.now() - t0, output: () => output };
}

/** The process's children, read from /proc (DynamoDB Local's java). */
async function childrenOf(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => []);
  const lists = await Promise.all(
    tasks.map((task) => readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '')),
  );
  return lists.flatMap((list) => list.split(' ').filter(Boolean).map(Number));
}

async function goneOrZombie(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat === undefined || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

/** SIGKILL: no handler runs, nothing is flushed; DynamoDB Local goes down with it. */
export async function killChild(running: Running): Promise<void> {
  const pid = running.child.pid as number;
  const children = await childrenOf(pid);
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  process.kill(pid, 'SIGKILL');
  await exited;
  for (const child of children) {
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  // The java process must be gone before the next one opens the same database files.
  const deadline = Date.now() + 60_000;
  for (const child of children) {
    while (!(await goneOrZombie(child))) {
      if (Date.now() > deadline) throw new Error(`process ${child} outlived its parent's kill by 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export async function stopChild(running: Running): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGINT');
  await exited;
}
