import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { validationProblem } from './problem';

/** zod-openapi's hook: a request that fails its schema gets a 400 problem with field paths. */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target: string },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const source = result.target === 'json' ? 'body' : result.target === 'param' ? 'path' : result.target;
  return validationProblem(c, result.error, source);
}
