import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';

/**
 * zod's tree-shakable API (`zod/mini`), for code that every Lambda function loads: settings, task
 * payloads, adapters' records. The classic API (`import * as z from 'zod'`) brings every schema type
 * and its methods into a bundle whatever is used (about 95 KB, and a sixth of a small function's import
 * time: BENCHMARKS.md, the `config-zod` floor); the mini API brings only the schemas a module builds. A
 * function sheds the classic API once nothing it imports uses it (test/infra/lambda-bundles.test.ts
 * names the functions that must stay without it).
 *
 * zod/mini ships without messages, where the classic API installs English on first use; English is
 * installed here, so an issue reads the same from either API (`Too small: expected string to have
 * >=3 characters`, not `Invalid input`). Import zod/mini through this module, never directly.
 */
z.config(en());

export * from 'zod/mini';

/**
 * `schema.parse(input)` as the classic API has it, down to the error's name: zod/mini's error is
 * named `$ZodError`, the classic one `ZodError` (same class otherwise, same message), and the name
 * is what Lambda reports as the error type, what the state machines' Retry and Catch match, and
 * what logs and metrics show.
 */
export function parseOrThrow<Schema extends z.ZodMiniType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  result.error.name = 'ZodError';
  throw result.error;
}
