import { resolve } from 'node:path';
import { startPlatform } from './platform';
import type { SeedSummary } from './seed/seed-demo-data';

/**
 * `npm start`: the whole platform on this machine, data under `.data/` (or PLATFORM_DATA_DIR),
 * the API on PORT (3000). Ctrl-C (or SIGTERM) stops every part cleanly; open workflow executions
 * are resumed at the next start.
 */
const dataDir = resolve(process.env.PLATFORM_DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);
const started = performance.now();

let platform: Awaited<ReturnType<typeof startPlatform>>;
try {
  platform = await startPlatform({ dataDir, port, logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'WARN' });
} catch (error) {
  console.error(`The platform did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const { urls } = platform;
console.log(`
Platform ready in ${((performance.now() - started) / 1000).toFixed(1)} s on Node ${process.version} (data: ${dataDir})
  API        ${urls.api}
  API docs   ${urls.docs}
  Health     ${urls.health}
  Mail sent  ${urls.mailPage}
  SMS sent   ${urls.smsPage}
  Identity   ${platform.emulators.identityProvider.endpoint} (carrier check emulator: POST /identities to register)
${platform.resumedExecutions.length > 0 ? `  Resumed ${platform.resumedExecutions.length} open workflow execution(s)\n` : ''}
Get a token: npm run token -- <party|mediator|court|operator> <id>
Ctrl-C to stop.`);

void platform.seeding.then((seeded) => {
  const lines = seededLines(seeded);
  if (lines && !stopping) console.log(lines);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  const timer = setTimeout(() => {
    console.error('did not stop within 15 s; exiting');
    process.exit(1);
  }, 15_000);
  try {
    await platform.stop();
    clearTimeout(timer);
    console.log('stopped.');
    process.exit(0);
  } catch (error) {
    console.error('stopped with errors:', error);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

/** Said once the seed (which runs after ready) has added anything; a restart with all demo data there says nothing. */
function seededLines(seeded: SeedSummary | undefined): string | undefined {
  if (!seeded || Object.values(seeded.created).every((count) => count === 0)) return undefined;
  const { courts, organizations, mediators, disputes } = seeded.created;
  return `Seeded demo data in ${(seeded.elapsedMs / 1000).toFixed(1)} s: ${courts} courts, ${organizations} organizations, ${mediators} mediators (mediator-001…), ${disputes} disputes (party-001…)
  Sign in as one: npm run token -- mediator mediator-001 (operators: op-1)`;
}
