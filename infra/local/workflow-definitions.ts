import { App, Stack, Validations } from 'aws-cdk-lib';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { type WorkflowName, workflowNames } from '../../shared/ports/workflows';
import { WorkflowsStack } from '../stacks/workflows-stack';

export interface LocalDefinition {
  /** The Amazon States Language document CDK deploys, with placeholder ARNs for its tokens. */
  asl: Record<string, unknown>;
  /** Names of its Task states (the local runtime binds a handler to each). */
  taskStateNames: string[];
}

/** Stand-ins for the values CloudFormation would resolve: shaped like real ARNs, so validation passes. */
const placeholder = { partition: 'aws', region: 'us-east-1', account: '000000000000' };

let cached: Record<WorkflowName, LocalDefinition> | undefined;

/**
 * The workflows' definitions exactly as the workflows stack deploys them: the stack is synthesized
 * in-process (without bundling any Lambda code: the `aws:cdk:bundling-stacks` context is empty), each
 * state machine's DefinitionString (an Fn::Join over Ref and Fn::GetAtt tokens) is joined with
 * placeholders for the tokens, and parsed. Cached: one synth per process.
 */
export function localDefinitions(): Record<WorkflowName, LocalDefinition> {
  cached ??= synthesize();
  return cached;
}

function synthesize(): Record<WorkflowName, LocalDefinition> {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, analyticsReporting: false });
  const support = new Stack(app, 'LocalSupport');
  // It only hosts the imported table's reference; being empty is its purpose.
  Validations.of(support).acknowledge({ id: 'CloudFormation-Validate::F0001', reason: 'holds an imported table only' });
  const table = Table.fromTableName(support, 'Table', 'platform-local');
  const stack = new WorkflowsStack(app, 'LocalWorkflows', {
    // Nothing is deployed from here: CDK's own grant on the imported table is enough to synthesize.
    data: {
      table,
      grantTableReadWrite: (grantee) => table.grantReadWriteData(grantee),
      personalDataKey: { keyArn: `arn:aws:kms:${placeholder.region}:${placeholder.account}:key/local-data` },
      lookupHmacKey: { keyArn: `arn:aws:kms:${placeholder.region}:${placeholder.account}:key/local-hmac` },
    },
    emailChannel: { fromAddress: 'no-reply@platform.example', configurationSetName: 'platform-local' },
    // Only the state machine definitions are used; the functions' settings are the local runtime's own.
    publicBaseUrl: 'http://localhost:3000',
  });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };

  const entries = workflowNames.map((name): [WorkflowName, LocalDefinition] => {
    const logicalId = stack.getLogicalId(stack.stateMachines[name].node.defaultChild as CfnStateMachine);
    const definitionString = template.Resources[logicalId]?.Properties?.DefinitionString;
    if (definitionString === undefined) throw new Error(`the synthesized template has no definition for ${name}`);
    const asl = JSON.parse(resolveTokens(definitionString, template.Resources)) as Record<string, unknown>;
    return [name, { asl, taskStateNames: taskStates(asl) }];
  });
  return Object.fromEntries(entries) as Record<WorkflowName, LocalDefinition>;
}

function resolveTokens(value: unknown, resources: Record<string, { Type: string }>): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const token = value as Record<string, unknown>;
    const join = token['Fn::Join'];
    if (Array.isArray(join)) {
      const [separator, parts] = join as [string, unknown[]];
      return parts.map((part) => resolveTokens(part, resources)).join(separator);
    }
    const ref = token.Ref;
    if (typeof ref === 'string') return resolveRef(ref, resources);
    const getAtt = token['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return resolveGetAtt(String(getAtt[0]), String(getAtt[1]), resources);
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)} in a state machine definition`);
}

function resolveRef(ref: string, resources: Record<string, { Type: string }>): string {
  switch (ref) {
    case 'AWS::Partition':
      return placeholder.partition;
    case 'AWS::Region':
      return placeholder.region;
    case 'AWS::AccountId':
      return placeholder.account;
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    default:
      if (resources[ref]?.Type === 'AWS::Lambda::Function') return ref;
      throw new Error(`cannot resolve Ref ${ref} in a state machine definition`);
  }
}

function resolveGetAtt(logicalId: string, attribute: string, resources: Record<string, { Type: string }>): string {
  const type = resources[logicalId]?.Type;
  if (type === 'AWS::Lambda::Function' && attribute === 'Arn') {
    return `arn:${placeholder.partition}:lambda:${placeholder.region}:${placeholder.account}:function:${logicalId}`;
  }
  throw new Error(
    `cannot resolve Fn::GetAtt ${logicalId}.${attribute} (${type ?? 'unknown'}) in a state machine definition`,
  );
}

function taskStates(asl: Record<string, unknown>): string[] {
  const states = (asl.States ?? {}) as Record<string, { Type?: string }>;
  return Object.entries(states)
    .filter(([, state]) => state.Type === 'Task')
    .map(([name]) => name);
}
