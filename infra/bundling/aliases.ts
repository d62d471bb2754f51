/**
 * Packages that every Lambda bundle takes from this folder instead of node_modules: esbuild's
 * `--alias`, passed by `PlatformFunction` (infra/constructs/platform-function.ts) and by the bundle
 * benchmark (test/bench/bundles.bench.ts). Only the bundles see them; type checking, the tests and the
 * local runtime use the packages as installed.
 *
 * Replacements are paths relative to the project root, which is where CDK runs esbuild (and where a
 * bundle would be built in Docker, as /asset-input). An alias also rewrites subpaths (`zod/mini`
 * would become `./infra/bundling/zod-without-locales/index.ts/mini`), hence the entries that keep
 * `zod/mini`, `zod/v4/core` and `zod/v4/locales` as they are; any other `zod/...` path fails the build, loudly.
 */
export const lambdaBundleAliases: Readonly<Record<string, string>> = {
  /** The Node default credential chain → the environment only: see ./lambda-credentials.ts. */
  '@aws-sdk/credential-provider-node': './infra/bundling/lambda-credentials.ts',
  /** zod's classic API without its 48 locales, JSON Schema import and schema compiler: see ./zod-without-locales/. */
  zod: './infra/bundling/zod-without-locales/index.ts',
  'zod/mini': 'zod/mini',
  'zod/v4/core': 'zod/v4/core',
  /** The English messages that shared/validation/zod-mini.ts installs for the mini API. */
  'zod/v4/locales': 'zod/v4/locales',
};

/** The aliases as esbuild's CLI takes them (`--alias:<package>=<path>`), one `package=path` each. */
export function esbuildAliasArgs(): string[] {
  return Object.entries(lambdaBundleAliases).map(([name, path]) => `${name}=${path}`);
}
