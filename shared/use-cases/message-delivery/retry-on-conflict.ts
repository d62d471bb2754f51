import { ConcurrentModification } from '../../domain/errors';

/**
 * Runs `attempt` again when it lost a race on the message (a receipt and the workflow writing at
 * the same moment): each attempt re-reads the message, so the second one decides on fresh state.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, attempts = 5): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConcurrentModification) || round >= attempts) throw error;
    }
  }
}
