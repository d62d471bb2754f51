import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, type Environment, type Stack, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { encryptLogGroups } from './constructs/operations-log-encryption';
import { PlatformFunction } from './constructs/platform-function';
import { PlatformContextError } from './context-error';
import { assertDeployRegion } from './deploy-regions';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { EventsStack } from './stacks/events-stack';
import { MessagingStack } from './stacks/messaging-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { WorkflowsStack } from './stacks/workflows-stack';

/**
 * The CDK app. Context keys (cdk.json, or `-c key=value` on the command line). `publicBaseUrl` (or a
 * custom domain) is required; the ones marked "deploy" must be set for a real account:
 *
 * | key                    | default                                 | meaning |
 * |------------------------|-----------------------------------------|---------|
 * | `publicBaseUrl`        | required, unless `domainName` is given  | base of every link in messages (`https://...`, at most 32 characters so an SMS with a link fits two segments), or `api` for the API's own execute-api URL |
 * | `domainName`, `certificateArn` | none                            | the platform's own name: an API Gateway custom domain (regional; the ACM certificate in the same region); links then use `https://<domainName>` |
 * | `stackPrefix`          | `Platform`                              | stack names are `<prefix>-Data`, `<prefix>-Api`, ... (one copy per prefix) |
 * | `account`, `region`    | none (environment-agnostic stacks)      | deploy: pin the stacks to an account and region; the region must offer SES and SNS SMS (deploy-regions.ts) |
 * | `cognitoEmail`         | `cognito`                               | `cognito`: Cognito's own sender (50 mails a day); `ses`: the platform sender through SES, once its domain is DKIM-verified (needs `region`) |
 * | `mailFrom`             | `no-reply@platform.example`             | deploy: sender of platform email; its domain becomes the SES identity (publish the DKIM records the Messaging stack outputs) |
 * | `cognitoDomainPrefix`  | `dispute-platform-dev`                  | deploy: prefix of the Cognito domains, unique per region: `<prefix>-parties` and `<prefix>-staff` serve the sign-in pages (which return to `<publicBaseUrl>/auth/callback`), `<prefix>-courts` the courts' token endpoint |
 * | `courts`               | none                                    | optional, for courts set up at deploy time: comma-separated court keys, one client-credentials app client (scope `platform/court`) each, its client id in the Api stack's outputs; otherwise an operator issues a court's credentials at run time (`POST /v1/courts/{id}/credentials`) |
 * | `smsSenderId`          | none                                    | alphanumeric SMS sender ID, where the destination country supports one |
 * | `smsMonthlySpendLimit` | none (the account's current limit)      | SMS spend limit in USD; raise it only after AWS raised the account's quota |
 * | `monthlyBudgetUsd`     | `100`                                   | the AWS Budgets cost budget of the month (notices at 80% actual and 100% forecast) |
 * | `alarmEmail`           | none                                    | an address subscribed to the alarms' and the budget's notices (the SNS topic otherwise only) |
 *
 * Tests build the same app in-process with `createPlatform(new App({ context }))`.
 */
export interface PlatformContext {
  stackPrefix: string;
  env: Environment | undefined;
  mailFrom: string;
  cognitoDomainPrefix: string;
  courts: string[];
  /** The base of links; `api`: the API's own URL (known only once deployed). */
  publicBaseUrl: string | 'api' | undefined;
  customDomain: { domainName: string; certificateArn: string } | undefined;
  /** Who sends Cognito's mail: its own sender, or SES once the platform's domain is verified. */
  cognitoEmail: 'cognito' | 'ses';
  smsSenderId: string | undefined;
  smsMonthlySpendLimit: number | undefined;
  /** Days each chain checkpoint stays locked (Object Lock, compliance mode). */
  checkpointRetentionDays: number | undefined;
  monthlyBudgetUsd: number;
  alarmEmail: string | undefined;
}

export interface Platform {
  data: DataStack;
  messaging: MessagingStack;
  workflows: WorkflowsStack;
  api: ApiStack;
  events: EventsStack;
  monitoring: MonitoringStack;
}

export function readPlatformContext(app: App): PlatformContext {
  const text = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new PlatformContextError(`context ${key} must be a string`);
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
  if (region !== undefined) assertDeployRegion(region);
  const customDomain = customDomainOf(text('domainName'), text('certificateArn'));
  const certificateRegion = customDomain?.certificateArn.split(':')[3];
  if (region !== undefined && certificateRegion !== undefined && certificateRegion !== region) {
    throw new PlatformContextError(
      `context certificateArn: the certificate is in ${certificateRegion}, the API in ${region}; a regional ` +
        'custom domain needs its ACM certificate in the same region',
    );
  }
  const publicBaseUrl = publicBaseUrlOf(text('publicBaseUrl'), customDomain);
  const cognitoEmail = text('cognitoEmail') ?? 'cognito';
  if (cognitoEmail !== 'cognito' && cognitoEmail !== 'ses') {
    throw new PlatformContextError(`context cognitoEmail must be cognito or ses, got ${cognitoEmail}`);
  }
  if (cognitoEmail === 'ses' && region === undefined) {
    throw new PlatformContextError(
      'context cognitoEmail=ses needs -c region=...: Cognito names the region of the SES identity',
    );
  }
  const spendLimit = positiveNumber(app.node.tryGetContext('smsMonthlySpendLimit'), 'smsMonthlySpendLimit');
  const courts = list('courts') ?? [];
  for (const court of courts) {
    if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(court)) {
      throw new PlatformContextError(`context courts: "${court}" must be lowercase letters, digits and hyphens`);
    }
  }
  return {
    stackPrefix: text('stackPrefix') ?? 'Platform',
    env: account === undefined && region === undefined ? undefined : { account, region },
    mailFrom: text('mailFrom') ?? 'no-reply@platform.example',
    cognitoDomainPrefix: text('cognitoDomainPrefix') ?? 'dispute-platform-dev',
    courts,
    publicBaseUrl,
    customDomain,
    cognitoEmail,
    smsSenderId: text('smsSenderId'),
    smsMonthlySpendLimit: spendLimit,
    checkpointRetentionDays: positiveNumber(
      app.node.tryGetContext('checkpointRetentionDays'),
      'checkpointRetentionDays',
    ),
    monthlyBudgetUsd: positiveNumber(app.node.tryGetContext('monthlyBudgetUsd'), 'monthlyBudgetUsd') ?? 100,
    alarmEmail: emailOf(text('alarmEmail')),
  };
}

/**
 * The longest base of links in messages: with a one-letter path and a 17-character token, a link
 * is 52 characters, and every SMS that carries one fits two segments (shared/domain/messages).
 */
export const maxPublicBaseUrlLength = 32;

/**
 * Links in messages must reach the deployed platform, never a default: an explicit URL, `api` (the
 * API's own URL), or the custom domain. An explicit one is at most `maxPublicBaseUrlLength`.
 */
function publicBaseUrlOf(
  value: string | undefined,
  customDomain: PlatformContext['customDomain'],
): PlatformContext['publicBaseUrl'] {
  if (value === undefined) {
    if (customDomain !== undefined) return undefined;
    throw new PlatformContextError(
      'context publicBaseUrl is required: it is the base of every link in SMS and email (join, signing, ' +
        'service portal, inbox). Give -c publicBaseUrl=https://your-name.example, or -c domainName=... ' +
        '-c certificateArn=... for a custom domain, or -c publicBaseUrl=api to use the API Gateway URL.',
    );
  }
  if (value === 'api') return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PlatformContextError(`context publicBaseUrl must be an https:// URL or "api", got ${value}`);
  }
  if (url.protocol !== 'https:' || url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new PlatformContextError(`context publicBaseUrl must be an https:// origin without a path, got ${value}`);
  }
  if (url.origin.length > maxPublicBaseUrlLength) {
    throw new PlatformContextError(
      `context publicBaseUrl "${url.origin}" is ${url.origin.length} characters; at most ${maxPublicBaseUrlLength} keep an SMS with a link within two segments (use a shorter domain)`,
    );
  }
  return url.origin;
}

function customDomainOf(
  domainName: string | undefined,
  certificateArn: string | undefined,
): PlatformContext['customDomain'] {
  if (domainName === undefined && certificateArn === undefined) return undefined;
  if (domainName === undefined || certificateArn === undefined) {
    throw new PlatformContextError(
      'a custom domain needs both -c domainName=... and -c certificateArn=... (an ACM certificate)',
    );
  }
  if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domainName)) {
    throw new PlatformContextError(`context domainName must be a lowercase host name, got ${domainName}`);
  }
  if (!/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(certificateArn)) {
    throw new PlatformContextError(`context certificateArn must be an ACM certificate ARN, got ${certificateArn}`);
  }
  return { domainName, certificateArn };
}

function emailOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value)) {
    throw new PlatformContextError(`context alarmEmail must be an email address, got ${value}`);
  }
  return value;
}

/** A number from cdk.json, or its text from `-c key=100`. */
function positiveNumber(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new PlatformContextError(`context ${key} must be a positive number, got ${String(value)}`);
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
    description: 'HTTP API, Cognito user pools (parties, staff, courts) and the HTTP function',
    data,
    cognitoDomainPrefix: context.cognitoDomainPrefix,
    courts: context.courts,
    ...(context.publicBaseUrl === undefined || context.publicBaseUrl === 'api'
      ? {}
      : { publicBaseUrl: context.publicBaseUrl }),
    ...(context.customDomain ? { customDomain: context.customDomain } : {}),
    // Cognito refuses an SES identity that is not verified yet: its own sender until DKIM is done.
    ...(context.cognitoEmail === 'ses'
      ? { mail: { fromAddress: messaging.mailFrom, configurationSetName: messaging.configurationSetName } }
      : {}),
  });
  // Links in messages: the URL given, the custom domain, or the API's own URL when asked for.
  const publicBaseUrl = api.publicBaseUrl;
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
    recoveryPolicy: workflows.recoveryPolicy.policy,
    publicBaseUrl,
  });

  const monitoring = new MonitoringStack(app, name('Monitoring'), {
    ...common,
    description: 'Alarms, the operations dashboard and the monthly cost budget',
    deadLetterQueues: {
      OutboxFailures: events.outboxFailures,
      SesEventsFailures: events.sesEventsFailures,
      SmsDeliveryFailures: events.smsDeliveryFailures,
    },
    streamConsumer: events.outboxConsumer,
    stateMachines: workflows.stateMachines,
    functions: platformFunctions([api, workflows, events, data, messaging]),
    httpApiId: api.httpApi.apiId,
    smsMonthlySpendLimit: context.smsMonthlySpendLimit,
    monthlyBudgetUsd: context.monthlyBudgetUsd,
    alarmEmail: context.alarmEmail,
  });

  // Last, once every log group exists: each stack's log groups under a key of its own.
  for (const stack of [data, messaging, workflows, api, events, monitoring]) encryptLogGroups(stack);

  Tags.of(app).add('project', 'dispute-resolution-platform');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, messaging, workflows, api, events, monitoring };
}

/** Every house function of the stacks, by its construct id (alarms and the dashboard name them so). */
function platformFunctions(stacks: Stack[]): Record<string, PlatformFunction> {
  const functions: Record<string, PlatformFunction> = {};
  for (const stack of stacks) {
    for (const construct of stack.node.findAll()) {
      if (!(construct instanceof PlatformFunction)) continue;
      const path = construct.node.path.split('/').slice(1);
      functions[path.join('')] = construct;
    }
  }
  return functions;
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
  try {
    const app = new App();
    createPlatform(app);
    app.synth();
  } catch (error) {
    // A refused context says what to give; a stack trace would only bury it.
    if (!(error instanceof PlatformContextError)) throw error;
    console.error(`Synth refused: ${error.message}`);
    process.exitCode = 1;
  }
}
