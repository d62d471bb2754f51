import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableSchema } from '../../shared/adapters/dynamodb/table-schema';
import { resourcesOfType, type SynthesizedPlatform, synthPlatform } from './synth-platform';

describe('DataStack', () => {
  let synthesized: SynthesizedPlatform;
  beforeAll(() => {
    synthesized = synthPlatform();
  });

  it('builds the table from the one table schema, with the stream and TTL', () => {
    const { data } = synthesized.templates;

    data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableSchema.indexes.map((index) =>
        Match.objectLike({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
        }),
      ),
      StreamSpecification: { StreamViewType: tableSchema.streamView },
      TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('has point-in-time recovery and deletion protection on, and is retained', () => {
    const { data } = synthesized.templates;

    data.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('encrypts the table with the customer-managed data key', () => {
    const { data } = synthesized.templates;
    const [keyId] = Object.keys(
      data.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true, KeySpec: Match.absent() } }),
    );

    data.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
  });

  it('has a rotating data key and an HMAC key for look-up hashes, both retained', () => {
    const { data } = synthesized.templates;

    data.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
    });
    data.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
      DeletionPolicy: 'Retain',
    });
  });

  it('has an HMAC key for pagination cursors that only the HTTP function may MAC with', () => {
    const { data, api } = synthesized.templates;
    const keys = data.findResources('AWS::KMS::Key', {
      Properties: { Description: Match.stringLikeRegexp('pagination cursors') },
    });
    expect(Object.keys(keys)).toHaveLength(1);
    expect(Object.values(keys)[0]?.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'kms:GenerateMac',
            Resource: Match.objectLike({ 'Fn::ImportValue': Match.anyValue() }),
          }),
        ]),
      },
    });
  });

  it('keeps documents KMS-encrypted, versioned, private, logged and retained', () => {
    const { data } = synthesized.templates;
    const documents = data.findResources('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
          ],
        },
      },
    });
    expect(Object.keys(documents)).toHaveLength(1);

    data.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
            }),
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('denies every request to either bucket that is not over TLS', () => {
    const { data } = synthesized.templates;
    const buckets = Object.keys(resourcesOfType(data, 'AWS::S3::Bucket'));
    const policies = Object.values(resourcesOfType(data, 'AWS::S3::BucketPolicy'));

    for (const bucket of buckets) {
      const policy = policies.find(
        (candidate) => JSON.stringify(candidate.Properties.Bucket) === JSON.stringify({ Ref: bucket }),
      );
      expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });
});
