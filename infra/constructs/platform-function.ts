import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import {
  type ICommandHooks,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { esbuildAliasArgs } from '../bundling/aliases';

/**
 * The repository root, found from this file rather than from the working directory, so `cdk synth`
 * and the infra tests resolve entries and the lock file the same way wherever they are started.
 */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface PlatformFunctionProps
  extends Omit<NodejsFunctionProps, 'runtime' | 'architecture' | 'bundling' | 'logGroup' | 'role' | 'tracing'> {
  /** Path of the entry file, relative to the project root (e.g. `functions/events/outbox-consumer.ts`). */
  entry: string;
  /**
   * Commands run from the project root once the bundle is built, given the asset's folder: files
   * the function reads next to its bundle are written there (the platform function's API
   * description, built at build time rather than at every cold start).
   */
  afterBundling?: (outputDir: string) => string[];
  /** Log retention; a year by default, since logs of service attempts are evidence. */
  logRetention?: RetentionDays;
}

/**
 * The house Lambda function. Defaults, and why:
 * - arm64 and the newest Node.js runtime CDK knows (24): cheaper per millisecond than x86, inside
 *   the AWS SDK's support window for years, and what cdk-nag's AwsSolutions-L1 expects; every
 *   handler is an async function, so Node 24's removal of callback handlers does not matter;
 * - a minified ESM bundle built by local esbuild (no Docker): small bundles keep cold starts inside
 *   the budgets in DESIGN.md; the AWS SDK is bundled (pinned versions), not taken from the runtime;
 * - two packages swapped for slimmer ones in the bundle only (esbuild aliases, infra/bundling/): the
 *   SDK's default credential chain for the environment credentials Lambda provides, and zod for its
 *   classic API without the 48 locales that `import { z } from 'zod'` drags in;
 * - no source maps: a map doubles the bundle and `--enable-source-maps` makes every import slower,
 *   and our logs carry structured keys, not stack traces, for diagnosis;
 * - its own log group with retention and JSON log format, so no log is kept forever by accident
 *   (the group is created here, never left for Lambda to create without retention);
 * - its own role with exactly what running needs (write to its log group, send X-Ray traces)
 *   instead of the AWS managed basic execution role, which may write to any log group; grants
 *   add to the role's default policy as usual;
 * - X-Ray active tracing.
 */
export class PlatformFunction extends NodejsFunction {
  /** The function's log group (retained: it holds evidence of service attempts). */
  public readonly logs: LogGroup;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    const { logRetention, entry, afterBundling, ...rest } = props;
    const logs = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: {
        run: new PolicyDocument({
          statements: [
            new PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [logs.logGroupArn],
            }),
            new PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
          ],
        }),
      },
    });
    const cfnRole = role.node.defaultChild;
    if (cfnRole !== undefined) {
      // Only the role's inline policy, which holds nothing but the two X-Ray actions on "*";
      // grants land in the default policy, where every wildcard is still reported.
      Validations.of(cfnRole).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
      });
    }
    super(scope, id, {
      memorySize: 1024,
      timeout: Duration.seconds(29),
      loggingFormat: LoggingFormat.JSON,
      ...rest,
      role,
      logGroup: logs,
      entry: isAbsolute(entry) ? entry : join(projectRoot, entry),
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: false,
        target: 'node24',
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require(); give the ESM bundle one.
        banner: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);",
        externalModules: [],
        esbuildArgs: { '--alias': esbuildAliasArgs() },
        ...(afterBundling ? { commandHooks: commandHooksAfter(afterBundling) } : {}),
      },
      environment: {
        PLATFORM_STAGE: 'aws',
        ...rest.environment,
      },
    });
    // Active tracing set on the resource directly: the `tracing` prop would add the X-Ray
    // statement to the default policy, mixing its unavoidable "*" with the grants.
    (this.node.defaultChild as CfnFunction).tracingConfig = { mode: 'Active' };
    this.logs = logs;
  }
}

/** CDK's bundling hooks with commands after bundling only, each run from the project root. */
function commandHooksAfter(afterBundling: (outputDir: string) => string[]): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => afterBundling(outputDir).map((command) => `cd "${inputDir}" && ${command}`),
  };
}
