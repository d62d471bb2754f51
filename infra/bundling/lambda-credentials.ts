import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * The credential provider of every SDK client in a Lambda bundle, put in place of
 * `@aws-sdk/credential-provider-node` by the esbuild alias in `./aliases.ts`.
 *
 * Each client's runtime config imports the Node default chain statically (env → SSO → ini →
 * process → web identity → container/IMDS), and with it `@aws-sdk/nested-clients` (STS, SSO,
 * SSO-OIDC, Sign-in), the ini loader and the IMDS client: 100–130 KB of a minified bundle and
 * their import time on every cold start, although a Lambda function only ever uses the first link.
 * Lambda puts the execution role's credentials in the environment (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), which `fromEnv` reads, exactly as that first link
 * does; the client memoizes the result as it memoizes the chain's.
 *
 * What this gives up, on purpose: a function that finds no credentials in its environment fails its
 * first AWS call with `CredentialsProviderError: Unable to find environment variable credentials`
 * instead of trying profiles or instance metadata. That never happens in the Lambda functions this
 * platform deploys; revisit it before running these bundles anywhere that provides credentials
 * otherwise (a container credentials endpoint, an instance profile). The local runtime and the tests
 * do not use the bundles: they import the SDK as installed, with explicit credentials.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]): ReturnType<typeof fromEnv> => fromEnv(init);
