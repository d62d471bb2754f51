import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface PlatformFunctionProps extends Omit<NodejsFunctionProps, 'runtime' | 'architecture' | 'bundling'> {
  /** Path of the entry file, relative to the project root (e.g. `functions/http/lambda.ts`). */
  entry: string;
  /** Log retention; a year by default, since logs of service attempts are evidence. */
  logRetention?: RetentionDays;
}

/**
 * The house Lambda function. Defaults, and why:
 * - arm64 and the Node 22 runtime: cheaper per millisecond, and the SDK's supported runtime;
 * - a minified ESM bundle built by local esbuild (no Docker): small bundles keep cold starts inside
 *   the budgets in DESIGN.md; the AWS SDK is bundled (pinned versions), not taken from the runtime;
 * - its own log group with retention and JSON log format, so no log is kept forever by accident;
 * - X-Ray active tracing.
 */
export class PlatformFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    super(scope, id, {
      memorySize: 1024,
      timeout: Duration.seconds(29),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      ...props,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: false,
        target: 'node22',
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require(); give the ESM bundle one.
        banner: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);",
        externalModules: [],
      },
      environment: {
        PLATFORM_STAGE: 'aws',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
  }
}
