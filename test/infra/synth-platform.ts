import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createPlatform, type Platform } from '../../infra/app';

/** One violation of a validation plugin (cdk-nag), as CDK writes it to `validation-report.json`. */
export interface ReportedViolation {
  pluginName: string;
  ruleName: string;
  severity: string;
  constructPaths: string[];
}

export interface SynthesizedPlatform {
  platform: Platform;
  /** Templates by stack key (`data`, `api`, ...). */
  templates: Record<keyof Platform, Template>;
  /** Every violation the validation plugins reported (acknowledged ones are not reported). */
  violations: ReportedViolation[];
  /** Warnings and errors CDK constructs attached to the stacks (`Annotations`). */
  messages: Array<{ level: string; path: string; text: string }>;
}

interface ValidationReport {
  pluginReports: Array<{
    pluginName: string;
    violations: Array<{ ruleName: string; severity: string; violatingConstructs: Array<{ constructPath: string }> }>;
  }>;
}

/**
 * Builds the real app in-process, as `cdk synth` would, minus bundling (`aws:cdk:bundling-stacks`
 * empty: no esbuild run, so a synth takes seconds). `publicBaseUrl` defaults to a test origin;
 * pass `publicBaseUrl: undefined` to synthesize without it. Validation failures do not throw here
 * (`failSynthOnValidationErrors` off): the tests read the validation report and assert on it.
 */
export function synthPlatform(context: Record<string, unknown> = {}): SynthesizedPlatform {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-synth-'));
  const app = new App({
    outdir,
    context: {
      'aws:cdk:bundling-stacks': [],
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      // Required (infra/app.ts): links in messages never point at a default.
      publicBaseUrl: 'https://platform.example.test',
      ...context,
    },
  });
  const platform = createPlatform(app);
  const assembly = app.synth();
  const template = (stack: { artifactId: string }) =>
    Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template as Record<string, unknown>);
  const templates = {
    data: template(platform.data),
    messaging: template(platform.messaging),
    workflows: template(platform.workflows),
    api: template(platform.api),
    events: template(platform.events),
    monitoring: template(platform.monitoring),
  };
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  const violations = report.pluginReports.flatMap((plugin) =>
    plugin.violations.map((violation) => ({
      pluginName: plugin.pluginName,
      ruleName: violation.ruleName,
      severity: violation.severity,
      constructPaths: violation.violatingConstructs.map((construct) => construct.constructPath),
    })),
  );
  const messages = Object.values(platform).flatMap((stack) =>
    assembly
      .getStackArtifact(stack.artifactId)
      .messages.filter((message) => message.level !== 'info')
      .map((message) => ({ level: message.level, path: message.id, text: String(message.entry.data) })),
  );
  return { platform, templates, violations, messages };
}

export interface ResourceJson {
  Properties: Record<string, unknown>;
}

/** Resources of one type in a template, by logical id (`Properties` always present, maybe empty). */
export function resourcesOfType(template: Template, type: string): Record<string, ResourceJson> {
  const found = template.findResources(type) as Record<string, { Properties?: Record<string, unknown> }>;
  return Object.fromEntries(
    Object.entries(found).map(([id, resource]) => [id, { Properties: resource.Properties ?? {} }]),
  );
}

/** Every IAM action the policies attached to roles whose logical id contains `role` allow or deny. */
export function actionsOfRole(template: Template, role: string): string[] {
  return Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(role))
    .flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[] }> }).Statement,
    )
    .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
}

/**
 * A state machine's ASL. CDK writes `DefinitionString` as an `Fn::Join` of literal parts and
 * tokens (`Ref`, `Fn::GetAtt`, ...); every token sits inside a JSON string, so replacing each
 * with a placeholder string yields parseable JSON.
 */
export function stateMachineDefinition(definitionString: unknown): AslDefinition {
  if (typeof definitionString === 'string') return JSON.parse(definitionString) as AslDefinition;
  const join = (definitionString as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join === undefined) throw new Error(`unexpected DefinitionString: ${JSON.stringify(definitionString)}`);
  const [separator, parts] = join;
  const text = parts.map((part) => (typeof part === 'string' ? part : 'token-placeholder')).join(separator);
  return JSON.parse(text) as AslDefinition;
}

export interface AslState {
  Type: string;
  Retry?: unknown[];
  Catch?: unknown[];
  Branches?: AslDefinition[];
  Iterator?: AslDefinition;
  ItemProcessor?: AslDefinition;
}

export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
}

/** Every state of a definition, including those inside Parallel branches and Map processors. */
export function allStates(definition: AslDefinition): Array<[string, AslState]> {
  return Object.entries(definition.States).flatMap(([name, state]) => [
    [name, state] as [string, AslState],
    ...(state.Branches ?? []).flatMap(allStates),
    ...(state.Iterator ? allStates(state.Iterator) : []),
    ...(state.ItemProcessor ? allStates(state.ItemProcessor) : []),
  ]);
}
