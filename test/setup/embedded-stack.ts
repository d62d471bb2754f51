import type { TestProject } from 'vitest/node';
import { startEmulators } from '../../infra/local/emulators';
import type { StackEndpoints } from './stack-endpoints';

/**
 * Starts the embedded stack's emulators once per test run, in memory, and hands their endpoints
 * to every test file through `inject('stack')`. Files that start their own emulators ignore it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulators = await startEmulators({
    tableName: 'platform-test',
    bucketName: 'platform-documents-test',
    checkpointBucketName: 'platform-checkpoints-test',
  });
  const endpoints: StackEndpoints = emulators.endpoints;
  project.provide('stack', endpoints);
  return () => emulators.stop();
}
