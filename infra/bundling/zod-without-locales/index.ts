/**
 * zod's classic API (`import { z } from 'zod'`) for the Lambda bundles, less what no function uses and
 * esbuild cannot leave out by itself; put in place of `zod` by the esbuild alias in `../aliases.ts`.
 *
 * `@hono/zod-openapi` (and Powertools' parser helpers) import zod as `import { z } from 'zod'` and
 * pass that namespace around, so esbuild keeps every export of `zod/v4/classic/external.js`, among
 * them `locales` (48 languages), `core` (which re-exports them again), `fromJSONSchema` and the schema
 * compiler: about 310 KB of the HTTP function's 445 KB of zod (colinhacks/zod#6597). `./external.ts`
 * re-exports the same files without those:
 *
 * - `locales`, `core`: messages stay English, since zod's classic schemas install the English locale
 *   themselves on first use (`_ensureDefaultLocale` in `v4/classic/schemas.js`), with or without this
 *   module; what would no longer work is `z.config(z.locales.xx())`;
 * - `toJSONSchema`, `fromJSONSchema`: the OpenAPI document is written by
 *   `@asteasolutions/zod-to-openapi`, which uses neither;
 * - `compile`, `withParser`, `ZodCompileAsyncError`, `ZodCompileUnsupportedError`: the schema
 *   compiler, which nothing here calls.
 *
 * In a bundle those are undefined. Code that reads one through `import * as z from 'zod'` (the
 * project's way) gets an esbuild warning ("will always be undefined"), which
 * test/infra/lambda-bundles.test.ts turns into a failure for every entry point; through the `z` of
 * `@hono/zod-openapi` it would be a TypeError at run time, so use `import * as z from 'zod'` for
 * anything beyond schemas. The same test checks that `./external.ts` exports what zod does less
 * exactly these, so a zod upgrade that adds an export fails until the export is added here. Type
 * checking and the tests use zod as installed; only the bundles see this module.
 */
import * as z from './external';

export * from './external';
// As zod's own entry does: the namespace as `z` and as the default export.
export { z, z as default };
