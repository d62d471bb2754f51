import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, type Environment, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { EventsStack } from './stacks/events-stack';
import { MessagingStack } from './stacks/messaging-stack';
import { WorkflowsStack } from './stacks/workflows-stack';

/**
 * The CDK app. Context keys (cdk.json, or `-c key=value` on the command line); the defaults are
 * enough to synthesize, the ones marked "deploy" must be set for a real account:
 *
 * | key                    | default                                 | meaning |
 * |------------------------|-----------------------------------------|---------|
 * | `stackPrefix`          | `Platform`                              | stack names are `<prefix>-Data`, `<prefix>-Api`, ... (one copy per prefix) |
 * | `account`, `region`    | none (environment-agnostic stacks)      | deploy: pin the stacks to an account and region |
 * | `mailFrom`             | `no-reply@platform.example`             | deploy: sender of platform email; its domain becomes the SES identity (publish the DKIM records the Messaging stack outputs) |
 * | `cognitoDomainPrefix`  | `dispute-platform-dev`                  | deploy: prefix of the Cognito domain (sign-in pages and the courts' token endpoint); unique per region |
 * | `webCallbackUrls`      | `http://localhost:3000/auth/callback`   | comma-separated URLs the web sign-in may return to |
 * | `courts`               | none                                    | comma-separated court keys; one client-credentials app client (scope `platform/court`) per court, its client id in the Api stack's outputs |
 * | `publicBaseUrl`        | the API URL                             | deploy: base of links in messages (a custom domain, `https://…`, at most 32 characters so an SMS with a link fits two segments; the API's own URL is longer) |
 * | `smsSenderId`          | none                                    | alphanumeric SMS sender ID, where the destination country supports one |
 * | `smsMonthlySpendLimit` | none (the account's current limit)      | SMS spend limit in USD; raise it only after AWS raised the account's quota |
 *
 * Tests build the same app in-process with `createPlatform(new App({ context }))`.
 */
export interface PlatformContext {
  stackPrefix: string;
  env: Environment | undefined;
  mailFrom: string;
  cognitoDomainPrefix: string;
  webCallbackUrls: string[];
  courts: string[];
  publicBaseUrl: string | undefined;
  smsSenderId: string | undefined;
  smsMonthlySpendLimit: number | undefined;
  /** Days each chain checkpoint stays locked (Object Lock, compliance mode). */
  checkpointRetentionDays: number | undefined;
}

export interface Platform {
  data: DataStack;
  messaging: MessagingStack;
  workflows: WorkflowsStack;
  api: ApiStack;
  events: EventsStack;
}

export function readPlatformContext(app: App): PlatformContext {
  const text = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new Error(`context ${key} must be a string`);
    return value;
  };
  // A list from cdk.json is an array; from `-c key=a,b` it is one string.
  const list = (key: string): string[] | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    const items = Array.isArray(value) ? value : String(value).split(',');
    return items.map((item) => String(item).trim()).filter((item) => item.length > 0);
  };
  const account = text('account');
  const region = text('region');
  const spendLimit = positiveNumber(app.node.tryGetContext('smsMonthlySpendLimit'), 'smsMonthlySpendLimit');
  const courts = list('courts') ?? [];
  for (const court of courts) {
    if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(court)) {
      throw new Error(`context courts: "${court}" must be lowercase letters, digits and hyphens`);
    }
  }
  return {
    stackPrefix: text('stackPrefix') ?? 'Platform',
    env: account === undefined && region === undefined ? undefined : { account, region },
    mailFrom: text('mailFrom') ?? 'no-reply@platform.example',
    cognitoDomainPrefix: text('cognitoDomainPrefix') ?? 'dispute-platform-dev',
    webCallbackUrls: list('webCallbackUrls') ?? ['http://localhost:3000/auth/callback'],
    courts,
    publicBaseUrl: publicBaseUrl(text('publicBaseUrl')),
    smsSenderId: text('smsSenderId'),
    smsMonthlySpendLimit: spendLimit,
    checkpointRetentionDays: positiveNumber(
      app.node.tryGetContext('checkpointRetentionDays'),
      'checkpointRetentionDays',
    ),
  };
}

/**
 * The longest base of links in messages: with a one-letter path and a 17-character token, a link
 * is 52 characters, and every SMS that carries one fits two segments (shared/domain/messages).
 */
export const maxPublicBaseUrlLength = 32;

/** `publicBaseUrl` as given, refused when a link built on it would not fit its SMS. */
function publicBaseUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const base = value.replace(/\/+$/, '');
  if (!/^https:\/\/[^/?#\s]+$/.test(base)) {
    throw new Error(`context publicBaseUrl must be an https origin such as https://ts.example.cn, got "${value}"`);
  }
  if (base.length > maxPublicBaseUrlLength) {
    throw new Error(
      `context publicBaseUrl "${base}" is ${base.length} characters; at most ${maxPublicBaseUrlLength} keep an SMS with a link within two segments (use a shorter domain)`,
    );
  }
  return base;
}

/** A number from cdk.json, or its text from `-c key=100`. */
function positiveNumber(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new Error(`context ${key} must be a positive number, got ${String(value)}`);
  return number;
}

/**
 * The stateful data stack first; the stateless stacks take its constructs as typed props, so
 * CloudFormation exports carry the references and every resource name is generated.
 */
export function createPlatform(app: App): Platform {
  // Feature flags, set here so the CLI and the in-process tests build the same templates:
  // - server access logs are delivered under a bucket policy, not the legacy LogDeliveryWrite ACL,
  //   which would need ACLs enabled on the log bucket;
  // - cross-stack references stay strong (exports): CloudFormation then refuses to remove a table,
  //   key or log group from the data and messaging stacks while a stateless stack still uses it.
  app.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
  app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  const context = readPlatformContext(app);
  const name = (stack: string) => `${context.stackPrefix}-${stack}`;
  const common = { env: context.env };

  const data = new DataStack(app, name('Data'), {
    ...common,
    checkpointRetentionDays: context.checkpointRetentionDays,
    description: 'Stateful: platform table, documents bucket, keys (all retained)',
    terminationProtection: true,
  });
  const messaging = new MessagingStack(app, name('Messaging'), {
    ...common,
    description: 'SES configuration set and identity, SNS SMS settings and delivery-status logs',
    mailFrom: context.mailFrom,
    smsSenderId: context.smsSenderId,
    smsMonthlySpendLimit: context.smsMonthlySpendLimit,
  });
  const api = new ApiStack(app, name('Api'), {
    ...common,
    description: 'HTTP API, Cognito user pool and the HTTP function',
    data,
    cognitoDomainPrefix: context.cognitoDomainPrefix,
    webCallbackUrls: context.webCallbackUrls,
    courts: context.courts,
    publicBaseUrl: context.publicBaseUrl,
    mail: { fromAddress: messaging.mailFrom, configurationSetName: messaging.configurationSetName },
  });
  // Links in messages go to the custom domain, or else to the API's own URL: never to a default.
  const publicBaseUrl = context.publicBaseUrl ?? api.apiUrl;
  const workflows = new WorkflowsStack(app, name('Workflows'), {
    ...common,
    description: 'Step Functions workflows and their task functions',
    data,
    emailChannel: { fromAddress: messaging.mailFrom, configurationSetName: messaging.configurationSetName },
    publicBaseUrl,
  });
  const events = new EventsStack(app, name('Events'), {
    ...common,
    description: 'Outbox, SES event and SMS receipt consumers',
    data,
    messaging,
    stateMachines: workflows.stateMachines,
    publicBaseUrl,
  });

  Tags.of(app).add('project', 'dispute-resolution-platform');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, messaging, workflows, api, events };
}

/** Run by the CDK CLI (`npx tsx infra/app.ts`); imported by tests without side effects. */
function isMainModule(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  const app = new App();
  createPlatform(app);
  app.synth();
}
