import * as z from '../validation/zod-mini';

/**
 * The platform's configuration, read once from the environment at start and validated, so a
 * missing or malformed setting stops the process with a message naming it instead of failing later.
 * In AWS the CDK stacks set these variables on each function; locally the embedded runtime does.
 */
const optionalUrl = z.optional(z.url());

/** A Cognito user pool id (`region_id`). */
const userPoolId = z.optional(z.string().check(z.regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'a Cognito user pool id (region_id)')));

/** A text of at least `min` characters. */
const text = (min: number) => z.string().check(z.minLength(min));

/** A whole number in [min, max] read from its text, `fallback` when unset. */
const count = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);

/** A positive number up to `max` read from its text, `fallback` when unset. */
const positive = (max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.positive(), z.maximum(max)), fallback);

export const configSchema = z.object({
  /** `aws` in Lambda; `local` on the embedded stack. */
  PLATFORM_STAGE: z.enum(['aws', 'local']),
  AWS_REGION: z._default(text(1), 'ap-east-1'),
  TABLE_NAME: text(3),
  DOCUMENTS_BUCKET: z.optional(text(3)),
  /**
   * The public base URL people reach the platform at, for links in messages (portal, join and
   * signing links). No default in AWS, where one would send people links to localhost: a function
   * that builds links asks for it with `requireSetting`, and fails its init without it.
   */
  PUBLIC_BASE_URL: optionalUrl,
  /** Sender of platform email (must be a verified SES identity in AWS). */
  MAIL_FROM: z._default(z.email(), 'no-reply@platform.example'),
  SES_CONFIGURATION_SET: z.optional(z.string()),
  /** Hours a mediator has to answer an offer before it expires (DESIGN.md flow 1). */
  OFFER_DEADLINE_HOURS: positive(24 * 14, 24),
  /** KMS key for envelope encryption and the HMAC key for look-up hashes (AWS only). */
  PII_KMS_KEY_ID: z.optional(z.string()),
  PII_HMAC_KEY_ID: z.optional(z.string()),
  /** The asymmetric KMS key that signs chain checkpoints and proof bundles (AWS only). */
  PROOF_KEY_ID: z.optional(z.string()),
  /** The checkpoint bucket (Object Lock, compliance mode) and how long each checkpoint is locked. */
  CHECKPOINT_BUCKET: z.optional(text(3)),
  CHECKPOINT_RETENTION_DAYS: count(1, 36_500, 3650),
  /** KMS HMAC key the pagination cursors' signing key is derived from (AWS only; the HTTP API requires it). */
  CURSOR_HMAC_KEY_ID: z.optional(z.string()),
  /**
   * The Secrets Manager secret holding the identity provider's settings (docs/identity-verifier.md),
   * read through the Parameters and Secrets Lambda extension; absent or `{}`, every identity check
   * answers `none`.
   */
  IDENTITY_VERIFIER_SECRET_ARN: z.optional(text(1)),
  /**
   * The three Cognito user pools (AWS only): parties (passwordless), staff (password and TOTP) and
   * courts (machine clients only, created at run time). The HTTP function verifies tokens of all
   * three itself (pages, and routes API Gateway does not verify) and creates courts' app clients in
   * the courts' pool.
   */
  PARTY_USER_POOL_ID: userPoolId,
  STAFF_USER_POOL_ID: userPoolId,
  COURT_USER_POOL_ID: userPoolId,
  /** The app clients people sign in through: a person's token from any other client is refused. */
  PARTY_CLIENT_ID: z.optional(text(1)),
  /**
   * The people pools' managed login domains (`https://<prefix>.auth.<region>.amazoncognito.com` or a
   * custom domain: /oauth2/authorize, /token, /revoke, /userInfo under it), for the pages' sign-in
   * (functions/http/routes/auth.ts). A pool without its id, domain or client is not offered.
   */
  PARTY_AUTH_DOMAIN: optionalUrl,
  STAFF_AUTH_DOMAIN: optionalUrl,
  STAFF_CLIENT_ID: z.optional(text(1)),
  /** The Cognito domain's token endpoint, told to operators with a court's new credentials. */
  COURT_TOKEN_ENDPOINT: optionalUrl,
  /** State machine ARNs by workflow name (AWS only), as JSON: {"MessageDelivery":"arn:..."}. */
  STATE_MACHINE_ARNS: z.pipe(
    z.optional(z.string()),
    z.transform((json: string | undefined, ctx): Record<string, string> => {
      if (json === undefined) return {};
      try {
        return z.parse(z.record(z.string(), z.string()), JSON.parse(json));
      } catch {
        ctx.issues.push({ code: 'custom', message: 'must be a JSON object of workflow name to ARN', input: json });
        return z.NEVER;
      }
    }),
  ),
  /** Endpoints of the embedded stack's emulators (local only). */
  DYNAMODB_ENDPOINT: optionalUrl,
  S3_ENDPOINT: optionalUrl,
  SES_ENDPOINT: optionalUrl,
  SNS_ENDPOINT: optionalUrl,
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']), 'INFO'),
  /** Provider send quotas per second (SNS SMS default 20; SES production accounts start at 14). */
  SMS_SENDS_PER_SECOND: count(1, 10_000, 20),
  /** Each court client's API requests per minute (functions/http/middleware/client-quota.ts). */
  COURT_REQUESTS_PER_MINUTE: count(1, 100_000, 600),
  EMAIL_SENDS_PER_SECOND: count(1, 10_000, 14),
  /**
   * Court callbacks (Standard Webhooks): the waits after each failed attempt, in seconds (the
   * specification's suggested schedule by default), and how long retries go on (24 hours).
   * Tests shorten both.
   */
  WEBHOOK_RETRY_DELAYS_SECONDS: z.pipe(
    z._default(z.string(), '5,300,1800,7200,18000,36000'),
    z.transform((list: string, ctx): number[] => {
      const delays = list.split(',').map((part) => Number(part.trim()));
      if (delays.length === 0 || delays.some((delay) => !Number.isFinite(delay) || delay < 0)) {
        ctx.issues.push({ code: 'custom', message: 'must be a comma-separated list of seconds', input: list });
        return z.NEVER;
      }
      return delays;
    }),
  ),
  WEBHOOK_RETRY_WINDOW_SECONDS: positive(7 * 24 * 3600, 24 * 3600),
  /**
   * Hosts a callback may be sent to although they are not public, over http too: local only (the
   * tests' receiver on loopback), comma-separated. Refused in AWS, where no private address is called.
   */
  WEBHOOK_ALLOWED_HOSTS: z.pipe(
    z.optional(z.string()),
    z.transform((list: string | undefined) =>
      (list ?? '')
        .split(',')
        .map((host) => host.trim())
        .filter((host) => host !== ''),
    ),
  ),
});

/** Locally, links point at the embedded runtime unless told otherwise; in AWS there is no default. */
const platformConfigSchema = z.pipe(
  configSchema.check(
    z.refine((config) => config.PLATFORM_STAGE === 'local' || config.WEBHOOK_ALLOWED_HOSTS.length === 0, {
      path: ['WEBHOOK_ALLOWED_HOSTS'],
      message: 'is for the local stack only: in AWS no private address is ever called back',
    }),
  ),
  z.transform((config: z.output<typeof configSchema>) => ({
    ...config,
    PUBLIC_BASE_URL:
      config.PUBLIC_BASE_URL ?? (config.PLATFORM_STAGE === 'local' ? 'http://localhost:3000' : undefined),
  })),
);

export type Config = z.infer<typeof platformConfigSchema>;

export class ConfigError extends Error {
  constructor(issues: string) {
    super(`invalid configuration:\n${issues}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = platformConfigSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  return result.data;
}

/** A setting that is optional in general but required by the function asking for it: fails fast at init. */
export function requireSetting<K extends keyof Config>(config: Config, name: K): NonNullable<Config[K]> {
  const value = config[name];
  if (value === undefined || value === null || value === '') {
    throw new ConfigError(`  ${String(name)}: required by this function`);
  }
  return value as NonNullable<Config[K]>;
}
