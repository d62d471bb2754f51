import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/project-root';

const run = promisify(execFile);

/** `depcruise` as `npm run check` runs it (no baseline: every violation fails), in `cwd`. */
async function cruise(cwd: string): Promise<{ code: number; report: string }> {
  const bin = join(projectRoot, 'node_modules/.bin/depcruise');
  try {
    const { stdout } = await run(bin, ['shared', 'functions', 'infra', '--config', '.dependency-cruiser.cjs'], { cwd });
    return { code: 0, report: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, report: failed.stdout };
  }
}

/** A copy of the source tree in a temporary folder, sharing node_modules, to break on purpose. */
async function scratchTree(): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), 'layer-rules-'));
  scratches.push(scratch);
  for (const entry of ['shared', 'functions', 'infra', 'tsconfig.json', 'package.json', '.dependency-cruiser.cjs']) {
    await cp(join(projectRoot, entry), join(scratch, entry), { recursive: true });
  }
  await symlink(join(projectRoot, 'node_modules'), join(scratch, 'node_modules'));
  return scratch;
}
const scratches: string[] = [];

describe('the layer rules (dependency-cruiser in npm run check)', () => {
  afterAll(async () => {
    await Promise.all(scratches.map((scratch) => rm(scratch, { recursive: true, force: true })));
  });
  it('passes on the tree as it is, with no file or folder cycle', async () => {
    const { code, report } = await cruise(projectRoot);

    expect(report, 'the report names no violation').toContain('no dependency violations found');
    expect(code, 'depcruise exits 0').toBe(0);
  });

  it('refuses each forbidden import added to a scratch copy of the tree, naming its rule', async () => {
    // Prepare: one violation of each rule, each in a new file so the rest of the tree stays valid.
    const scratch = await scratchTree();
    const violations: Record<string, [file: string, source: string]> = {
      'domain-is-pure': [
        'shared/domain/leaky.ts',
        "export { DynamoStateStore } from '../adapters/dynamodb/state-store';\n",
      ],
      'use-cases-take-ports': [
        'shared/use-cases/disputes/leaky.ts',
        "export { DynamoDBClient } from '@aws-sdk/client-dynamodb';\n",
      ],
      'use-cases-stay-in-feature': [
        'shared/use-cases/roster/leaky.ts',
        "export { requestMessage } from '../message-delivery/request-message';\n",
      ],
      'entry-points-never-import-infra': [
        'functions/leaky.ts',
        "export { startPlatform } from '../infra/local/platform';\n",
      ],
      'adapters-never-climb': [
        'shared/adapters/leaky.ts',
        "export { fileDispute } from '../use-cases/disputes/file-dispute';\n",
      ],
      'no-file-cycles': ['shared/domain/cycle-a.ts', "import { b } from './cycle-b';\nexport const a = () => b;\n"],
    };
    await writeFile(
      join(scratch, 'shared/domain/cycle-b.ts'),
      "import { a } from './cycle-a';\nexport const b = () => a;\n",
    );
    for (const [file, source] of Object.values(violations)) await writeFile(join(scratch, file), source);

    // Act
    const { code, report } = await cruise(scratch);

    // Assess
    expect(code, 'depcruise fails the check').not.toBe(0);
    for (const [rule, [file]] of Object.entries(violations)) {
      expect(report, `${rule} is reported for ${file}`).toMatch(
        new RegExp(`error ${rule}: ${file.replace('.', '\\.')}`),
      );
    }
  });

  it('refuses a folder cycle between two features', async () => {
    const scratch = await scratchTree();
    await writeFile(
      join(scratch, 'shared/use-cases/roster/leaky.ts'),
      "export { callerParty } from '../disputes/dispute-access';\n",
    );
    await writeFile(
      join(scratch, 'shared/use-cases/disputes/leaky-back.ts'),
      "export { getCourt } from '../roster/read-courts';\n",
    );

    const { code, report } = await cruise(scratch);

    expect(code, 'depcruise fails the check').not.toBe(0);
    expect(report, 'the folder cycle is named').toMatch(/error no-folder-cycles: shared\/use-cases\/(roster|disputes)/);
  });
});
