import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedPlatform, synthPlatform } from './synth-platform';

/**
 * cdk-nag 3 runs as a CDK validation plugin during synthesis; what it finds and nobody
 * acknowledged lands in the cloud assembly's `validation-report.json` (and fails `cdk synth`).
 */
describe('cdk-nag AwsSolutions checks', () => {
  let synthesized: SynthesizedPlatform;
  beforeAll(() => {
    synthesized = synthPlatform({ courts: 'sz-futian', smsSenderId: 'ODR', smsMonthlySpendLimit: 100 });
  });

  it('reports no unacknowledged error or warning', () => {
    const findings = synthesized.violations.map(
      (violation) => `${violation.severity} ${violation.ruleName} at ${violation.constructPaths.join(', ')}`,
    );

    expect(findings).toEqual([]);
  });

  it('leaves no construct warning or error unacknowledged', () => {
    const messages = synthesized.messages.map((message) => `${message.level} at ${message.path}: ${message.text}`);

    expect(messages).toEqual([]);
  });

  it('gives every acknowledgement a reason of substance', () => {
    const acknowledgements = Object.values(synthesized.platform).flatMap((stack) =>
      descendants(stack).flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
          .map(([id, reason]) => ({ at: construct.node.path, id, reason })),
      ),
    );

    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { at, id, reason } of acknowledgements) {
      expect(reason.length, `${id} at ${at}`).toBeGreaterThan(40);
      // Acknowledged where the finding is, never for a whole stack.
      expect(at.split('/').length, `${id} at ${at}`).toBeGreaterThan(1);
    }
  });
});

function descendants(root: IConstruct): IConstruct[] {
  return [root, ...root.node.children.flatMap(descendants)];
}
