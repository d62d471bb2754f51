import type { WorkflowName } from '../../shared/ports/workflows';
import { cachedSynthesis } from './synth-cache';
import type { LocalDefinition } from './workflow-definitions';

/**
 * The workflows' definitions for the local runner, from the synth cache: CDK is loaded and the
 * workflows stack synthesized only after a change to what the definitions are built from, which
 * takes `npm start` (and every test that composes the runtime) a few seconds less otherwise.
 */
export function cachedWorkflowDefinitions(): Promise<Record<WorkflowName, LocalDefinition>> {
  return cachedSynthesis('platform-workflows', ['infra/local/workflow-definitions.ts'], async () =>
    (await import('./workflow-definitions')).localDefinitions(),
  );
}
