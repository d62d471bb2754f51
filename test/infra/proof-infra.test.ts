import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOfRole, resourcesOfType, type SynthesizedPlatform, synthPlatform } from './synth-platform';

/** DESIGN.md, Proof: chain heads signed with an asymmetric KMS key, checkpointed under S3 Object Lock. */
describe('proof key, checkpoint bucket and checkpointer', () => {
  let synthesized: SynthesizedPlatform;
  beforeAll(() => {
    synthesized = synthPlatform();
  });

  it('signs with an ECC P-256 KMS key that is retained', () => {
    synthesized.templates.data.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
      DeletionPolicy: 'Retain',
    });
  });

  it('keeps checkpoints in a versioned bucket of their own, Object Lock on, compliance retention by default', () => {
    const { data } = synthesized.templates;
    const locked = Object.values(resourcesOfType(data, 'AWS::S3::Bucket')).filter(
      (bucket) => bucket.Properties.ObjectLockEnabled === true,
    );
    expect(locked, 'exactly one bucket with Object Lock: the checkpoint bucket').toHaveLength(1);
    expect(locked[0]?.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } },
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('takes the retention from context', () => {
    const { data } = synthPlatform({ checkpointRetentionDays: 30 }).templates;
    data.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } },
      },
    });
  });

  it("denies everyone, the platform's roles included, loosening the lock or bypassing a retention", () => {
    synthesized.templates.data.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['s3:PutBucketObjectLockConfiguration', 's3:BypassGovernanceRetention'],
          }),
        ]),
      },
    });
  });

  it('runs the checkpointer every minute, one run at a time, with the proof settings', () => {
    const { events } = synthesized.templates;
    events.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    events.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Signs the heads'),
      ReservedConcurrentExecutions: 1,
      Environment: {
        Variables: Match.objectLike({
          PROOF_KEY_ID: Match.anyValue(),
          CHECKPOINT_BUCKET: Match.anyValue(),
          CHECKPOINT_RETENTION_DAYS: '3650',
        }),
      },
    });
  });

  it('lets the checkpointer sign and write checkpoints, and never delete one', () => {
    const { events } = synthesized.templates;
    const actions = actionsOfRole(events, 'Checkpointer');
    expect(actions).toEqual(expect.arrayContaining(['kms:Sign', 's3:PutObject', 's3:ListBucket']));
    expect(actions.filter((action) => /^s3:Delete|Bypass|ObjectLock/.test(action))).toEqual([]);
  });
});
