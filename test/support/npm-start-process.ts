import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';

/**
 * `npm start` as a user runs it: the real start script (infra/local/start.ts) in its own process,
 * ready when it prints its banner, stopped with SIGINT (what Ctrl-C sends). The flow test and the
 * start-up benchmark both drive it through here.
 */
export interface StartedPlatform {
  child: ChildProcessWithoutNullStreams;
  api: string;
  /** From the spawn to the banner's last line: what a user waits for, Node's and tsx's start included. */
  readyMs: number;
  /** What the script itself reports ("Platform ready in 8.7 s"), timed from its first line after imports. */
  reportedReadyMs: number | undefined;
  /** The machine's 1-minute load average at ready. */
  loadAtReady: number;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
}

const startScript = join(import.meta.dirname, '../../infra/local/start.ts');

/**
 * As package.json's scripts run them: node (the Node 24 that npm puts first on the PATH, which runs
 * the caller too) with tsx's loader, so signals reach the platform directly.
 */
export function nodeWithTsx(script: string): readonly [string, string[]] {
  return [process.execPath, ['--import', 'tsx', script]];
}

/** A script of infra/local by file name (`token.ts`), to run beside the platform. */
export const localScript = (name: string) => join(import.meta.dirname, '../../infra/local', name);

export function startNpmStart(dataDir: string, options: { readyWithinMs?: number } = {}): Promise<StartedPlatform> {
  const [command, args] = nodeWithTsx(startScript);
  const spawned = performance.now();
  const child = spawn(command, args, {
    env: { ...process.env, PLATFORM_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'WARN' },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const readyWithinMs = options.readyWithinMs ?? 60_000;
  const deadline = AbortSignal.timeout(readyWithinMs);
  return new Promise((resolve, reject) => {
    const notReady = (why: string) => {
      child.kill('SIGKILL');
      reject(new Error(`${why}:\n${output}`));
    };
    const onDeadline = () => notReady(`not ready within ${readyWithinMs / 1000} s`);
    const onExit = (code: number | null) => notReady(`exited with ${code} before it was ready`);
    deadline.addEventListener('abort', onDeadline);
    child.once('exit', onExit);
    const check = () => {
      const api = /API\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (!api || !output.includes('Ctrl-C to stop')) return;
      const readyMs = performance.now() - spawned;
      child.stdout.off('data', check);
      child.off('exit', onExit);
      deadline.removeEventListener('abort', onDeadline);
      const reported = /Platform ready in ([\d.]+) s/.exec(output)?.[1];
      resolve({
        child,
        api,
        readyMs,
        reportedReadyMs: reported === undefined ? undefined : Number(reported) * 1000,
        loadAtReady: loadavg()[0] ?? Number.NaN,
        output: () => output,
      });
    };
    child.stdout.on('data', check);
  });
}

/** Ctrl-C: resolves with the exit code once the process has stopped (null if a signal ended it). */
export function interruptNpmStart(started: StartedPlatform): Promise<number | null> {
  return interruptNpmStartFully(started).then(({ code }) => code);
}

/** Ctrl-C: the exit code, or the signal that ended the process, and whether it had ended before. */
export function interruptNpmStartFully(
  started: StartedPlatform,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; endedBefore: boolean }> {
  const { child } = started;
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode, endedBefore: true });
      return;
    }
    child.once('exit', (code, signal) => resolve({ code, signal, endedBefore: false }));
    child.kill('SIGINT');
  });
}
