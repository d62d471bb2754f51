import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import type { LocalReconcilerOptions } from '../../infra/local/local-runtime';

/**
 * The platform in a process of its own, for the tests and benches that kill it (`SIGKILL`, as a
 * machine going down would) and start it again on the same data directory. The child side starts
 * `startPlatform` as `npm start` runs it, without demo data, and prints one JSON line once it is
 * ready with what the parent needs to reach it; the parent side spawns such a child script, waits
 * for that line, kills it with DynamoDB Local (its child), or stops it cleanly with SIGINT.
 */

/** What the child prints once it is ready. */
export interface PlatformReady {
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

export interface PlatformChild {
  child: ChildProcessWithoutNullStreams;
  ready: PlatformReady;
  /** What the child printed (the last 20,000 characters: enough to say why a start failed). */
  output: () => string;
}

/**
 * Child side: starts the platform on `PLATFORM_DATA_DIR` with receipt waits of `receiptSeconds`
 * (acknowledgements four times that), prints the ready line with an operator token for
 * `operatorSubject`, and on SIGINT runs `onStop`, stops the platform, runs `afterStop` and exits.
 * `reconciler` replaces the reconciler's schedule and settings (a bench runs it more often).
 * The platform's modules load only here, so a child can hook them first.
 */
export async function servePlatformInChild(options: {
  dataDir: string;
  receiptSeconds: number;
  operatorSubject: string;
  reconciler?: LocalReconcilerOptions;
  onStop?: () => void;
  afterStop?: () => void;
}): Promise<void> {
  const { receiptSeconds } = options;
  const { startPlatform } = await import('../../infra/local/platform');
  const platform = await startPlatform({
    dataDir: options.dataDir,
    port: 0,
    seed: false,
    logLevel: 'ERROR',
    service: {
      timeouts: {
        receipt: { sms: receiptSeconds, email: receiptSeconds },
        acknowledgement: { sms: 4 * receiptSeconds, email: 4 * receiptSeconds },
      },
    },
    ...(options.reconciler ? { reconciler: options.reconciler } : {}),
  });
  const ready: PlatformReady = {
    api: platform.urls.api,
    sms: platform.emulators.endpoints.sms,
    ses: platform.emulators.endpoints.ses,
    dynamodb: platform.emulators.endpoints.dynamodb,
    region: platform.emulators.endpoints.region,
    tableName: platform.config.TABLE_NAME,
    issuer: platform.tokens.issuer,
    resumedExecutions: platform.resumedExecutions.length,
    operatorToken: await platform.tokens.sign('operator', options.operatorSubject),
  };
  console.log(JSON.stringify({ ready: true, ...ready }));
  process.on('SIGINT', () => {
    options.onStop?.();
    void platform.stop().then(
      () => {
        options.afterStop?.();
        process.exit(0);
      },
      () => process.exit(1),
    );
  });
}

/** Parent side: runs a child script (node with tsx's loader) with `env` added, and waits for its ready line. */
export async function startPlatformChild(
  script: string,
  env: Record<string, string>,
  readyWithinMs: number,
): Promise<PlatformChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env } });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const ready = await new Promise<PlatformReady>((resolve, reject) => {
    const seconds = readyWithinMs / 1000;
    const deadline = setTimeout(() => reject(new Error(`not ready within ${seconds} s:\n${output}`)), readyWithinMs);
    const check = () => {
      const line = output.split('\n').find((candidate) => candidate.startsWith('{"ready":true'));
      if (!line) return;
      clearTimeout(deadline);
      child.stdout.off('data', check);
      child.off('exit', early);
      resolve(JSON.parse(line) as PlatformReady);
    };
    const early = (code: number | null) => reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    child.stdout.on('data', check);
    child.once('exit', early);
  });
  return { child, ready, output: () => output };
}

/** The process's children, read from /proc (DynamoDB Local's java). */
async function childrenOf(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => []);
  const lists = await Promise.all(
    tasks.map((task) => readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '')),
  );
  return lists.flatMap((list) => list.split(' ').filter(Boolean).map(Number));
}

/** Gone, or a zombie (dead, waiting to be reaped by whoever adopted it). */
async function goneOrZombie(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat === undefined || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

/**
 * SIGKILL: no handler runs, nothing is flushed. DynamoDB Local is the platform's child, which a
 * killed parent leaves running, so it is killed too, and waited for: the next start opens the same
 * database files.
 */
export async function killPlatformChild(running: { child: ChildProcessWithoutNullStreams }): Promise<void> {
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
  const deadline = Date.now() + 60_000;
  for (const child of children) {
    while (!(await goneOrZombie(child))) {
      if (Date.now() > deadline) throw new Error(`process ${child} outlived its parent's kill by 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** SIGINT, as Ctrl-C: the child stops the platform and exits (at once if it has exited already). */
export async function stopPlatformChild(running: { child: ChildProcessWithoutNullStreams }): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGINT');
  await exited;
}
