import { join } from 'node:path';
import { LocalIssuer } from '../../../infra/local/local-issuer';
import { loadOrCreateSecrets } from '../../../infra/local/local-secrets';
import {
  killPlatformChild,
  type PlatformChild,
  type PlatformReady,
  startPlatformChild,
  stopPlatformChild,
} from '../../support/platform-child';

/**
 * Starts the platform child (platform-child.ts) on a data directory, kills it as a machine going
 * down would (SIGKILL to it and to DynamoDB Local, its child), and stops it cleanly at the end.
 */

export type Ready = PlatformReady;

export interface Running extends PlatformChild {
  /** Mints tokens the running platform accepts (its issuer key is in the data directory). */
  tokens: LocalIssuer;
  unitsFile: string;
  startedInMs: number;
}

const script = join(import.meta.dirname, 'platform-child.ts');

/** The reconciler's schedule in the child, and the file its runs are appended to (a JSON line each). */
export interface ReconcilerPlan {
  file: string;
  everyMs: number;
  staleAfterMs: number;
}

export async function startChild(
  dataDir: string,
  unitsFile: string,
  receiptSeconds: number,
  reconciler: ReconcilerPlan,
): Promise<Running> {
  const t0 = performance.now();
  const started = await startPlatformChild(
    script,
    {
      PLATFORM_DATA_DIR: dataDir,
      PROVINCE_UNITS_FILE: unitsFile,
      PLATFORM_TEST_RECEIPT_SECONDS: String(receiptSeconds),
      PROVINCE_RECONCILER_FILE: reconciler.file,
      PROVINCE_RECONCILER_EVERY_MS: String(reconciler.everyMs),
      PROVINCE_RECONCILER_STALE_MS: String(reconciler.staleAfterMs),
    },
    300_000,
  );
  const secrets = await loadOrCreateSecrets(dataDir);
  const tokens = await LocalIssuer.create({ key: secrets.issuerKey, issuer: started.ready.issuer });
  return { ...started, tokens, unitsFile, startedInMs: performance.now() - t0 };
}

/** SIGKILL: no handler runs, nothing is flushed; DynamoDB Local goes down with it. */
export const killChild = killPlatformChild;

export const stopChild = stopPlatformChild;
