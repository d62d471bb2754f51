import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * The repository root, found from this file rather than from the working directory, so `cdk synth`
 * and the infra tests resolve entries and the lock file the same way wherever they are started.
 */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface PlatformFunctionProps extends Omit<NodejsFunctionProps, 'runtime' | 'architecture' | 'bundling' | 'logGroup'> {
  /** Path of the entry file, relative to the project root (e.g. `functions/http/lambda.ts`). */
  entry: string;
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
 * - no source maps: a map doubles the bundle and `--enable-source-maps` makes every import slower,
 *   and our logs carry structured keys, not stack traces, for diagnosis;
 * - its own log group with retention and JSON log format, so no log is kept forever by accident
 *   (the group is created here, never left for Lambda to create without retention);
 * - X-Ray active tracing.
 */
export class PlatformFunction extends NodejsFunction {
  /** The function's log group (retained: it holds evidence of service attempts). */
  public readonly logs: LogGroup;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    const { logRetention, entry, ...rest } = props;
    const logs = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    super(scope, id, {
      memorySize: 1024,
      timeout: Duration.seconds(29),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      ...rest,
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
      },
      environment: {
        PLATFORM_STAGE: 'aws',
        ...rest.environment,
      },
    });
    this.logs = logs;
  }
}
