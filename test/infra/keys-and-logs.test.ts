import type { CfnResource } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeGroups } from '../../functions/http/route-groups';
import type { Platform } from '../../infra/app';
import { consumerConcurrency } from '../../infra/stacks/events-stack';
import { resourcesOfType, type SynthesizedPlatform, synthPlatform } from './synth-platform';

const stacks = ['data', 'messaging', 'workflows', 'api', 'events', 'monitoring'] as const satisfies ReadonlyArray<
  keyof Platform
>;

describe('keys and logs (DESIGN.md, Operations)', () => {
  let synthesized: SynthesizedPlatform;
  let personalKeyId: string;
  beforeAll(() => {
    synthesized = synthPlatform();
    const { data } = synthesized.platform;
    personalKeyId = Stack.of(data).getLogicalId(data.personalDataKey.node.defaultChild as CfnResource);
  });

  it('keeps personal data under a key of its own, apart from the table and documents key', () => {
    const { data } = synthesized.platform;
    const keys = resourcesOfType(synthesized.templates.data, 'AWS::KMS::Key');
    const tableKeyId = Stack.of(data).getLogicalId(data.dataKey.node.defaultChild as CfnResource);

    expect(personalKeyId).not.toBe(tableKeyId);
    expect(keys[personalKeyId]?.Properties.EnableKeyRotation).toBe(true);
    expect(JSON.stringify(resourcesOfType(synthesized.templates.data, 'AWS::DynamoDB::Table'))).not.toContain(
      personalKeyId,
    );
  });

  it('lets only the functions that read personal data use its key: the HTTP functions (not the platform one) and the callback task', () => {
    const users: string[] = [];
    for (const stack of stacks) {
      const template = synthesized.templates[stack];
      for (const policy of Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))) {
        const statements = (policy.Properties.PolicyDocument as { Statement: Array<{ Resource: unknown }> }).Statement;
        if (!statements.some((statement) => JSON.stringify(statement.Resource).includes(personalKeyId))) continue;
        users.push(...(policy.Properties.Roles as Array<{ Ref: string }>).map((role) => `${stack}:${role.Ref}`));
      }
    }

    expect(users.sort()).toEqual([
      ...routeGroups
        .filter((group) => group.name !== 'platform')
        .map((group) => group.name)
        .sort()
        .map((name) =>
          expect.stringMatching(new RegExp(`^api:HttpFunction${name.charAt(0).toUpperCase()}${name.slice(1)}Role`)),
        ),
      expect.stringMatching(/^workflows:WebhookDeliveryTasksRole/),
    ]);
    const environments = JSON.stringify(resourcesOfType(synthesized.templates.api, 'AWS::Lambda::Function'));
    expect(environments).toContain(`"PII_KMS_KEY_ID":{"Fn::ImportValue"`);
  });

  it('creates the look-up HMAC key multi-Region', () => {
    const { data } = synthesized.platform;
    const hmacId = Stack.of(data).getLogicalId(data.lookupHmacKey.node.defaultChild as CfnResource);

    expect(resourcesOfType(synthesized.templates.data, 'AWS::KMS::Key')[hmacId]?.Properties).toMatchObject({
      KeySpec: 'HMAC_256',
      MultiRegion: true,
    });
  });

  it.each(stacks)('encrypts every log group of the %s stack, each with a retention of its own', (stack) => {
    const groups = Object.entries(resourcesOfType(synthesized.templates[stack], 'AWS::Logs::LogGroup'));

    for (const [id, group] of groups) {
      expect(group.Properties.KmsKeyId, id).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LogsKey/), 'Arn'] });
      expect(group.Properties.RetentionInDays, id).toBeGreaterThan(0);
    }
  });

  it('keeps SMS delivery logs (they name phone numbers) 30 days', () => {
    const groups = Object.values(resourcesOfType(synthesized.templates.messaging, 'AWS::Logs::LogGroup')).filter(
      (group) => JSON.stringify(group.Properties.LogGroupName ?? '').includes('DirectPublishToPhoneNumber'),
    );

    expect(groups).toHaveLength(2);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('lets CloudWatch Logs alone use a log key, for this account and Region', () => {
    const keys = Object.entries(resourcesOfType(synthesized.templates.events, 'AWS::KMS::Key')).filter(([id]) =>
      id.startsWith('LogsKey'),
    );
    const policy = JSON.stringify(keys[0]?.[1].Properties.KeyPolicy);

    expect(keys).toHaveLength(1);
    expect(policy).toContain('logs.');
    expect(policy).toContain('kms:EncryptionContext:aws:logs:arn');
  });

  it('reserves concurrency for each event consumer', () => {
    const { events } = synthesized.platform;
    const functions = resourcesOfType(synthesized.templates.events, 'AWS::Lambda::Function');
    const reserved = (fn: { node: { defaultChild?: unknown } }) =>
      functions[Stack.of(events).getLogicalId(fn.node.defaultChild as CfnResource)]?.Properties
        .ReservedConcurrentExecutions;

    expect(reserved(events.outboxConsumer)).toBe(consumerConcurrency.outbox);
    expect(reserved(events.sesEventsConsumer)).toBe(consumerConcurrency.sesEvents);
    expect(reserved(events.smsDeliveryConsumer)).toBe(consumerConcurrency.smsReceipts);
  });
});
