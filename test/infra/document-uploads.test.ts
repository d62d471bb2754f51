import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType, type SynthesizedPlatform, synthPlatform } from './synth-platform';

/** The S3 object ARNs (as CloudFormation joins them) that statements of `role`'s policies allow `action` on. */
function objectsAllowed(synthesized: SynthesizedPlatform, stack: 'api' | 'events', role: string, action: string) {
  return Object.values(resourcesOfType(synthesized.templates[stack], 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(role))
    .flatMap(
      (policy) =>
        (policy.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> })
          .Statement,
    )
    .filter((statement) => [statement.Action].flat().includes(action))
    .flatMap((statement) => [statement.Resource].flat())
    .map((resource) => JSON.stringify(resource));
}

describe('presigned uploads of documents (issue 12, item 3)', () => {
  let synthesized: SynthesizedPlatform;
  beforeAll(() => {
    synthesized = synthPlatform();
  });

  it.each(['Service', 'Confirmation'])(
    'lets the HTTP function of the %s API sign PUTs and read back under uploads/ only',
    (group) => {
      const puts = objectsAllowed(synthesized, 'api', `HttpFunction${group}Role`, 's3:PutObject');
      const gets = objectsAllowed(synthesized, 'api', `HttpFunction${group}Role`, 's3:GetObject');

      expect(puts.filter((resource) => resource.includes('/uploads/*'))).toHaveLength(1);
      expect(gets.filter((resource) => resource.includes('/uploads/*'))).toHaveLength(1);
      // No wildcard over the whole bucket: the uploads' rights never reach services/, rulings/ or settlements/ by accident.
      for (const resource of [...puts, ...gets]) expect(resource).not.toMatch(/"\/\*"/);
    },
  );

  it('lets the service API keep a designation document it checked, under designations/ (POST /v1/parties/{id}/addresses)', () => {
    const puts = objectsAllowed(synthesized, 'api', 'HttpFunctionServiceRole', 's3:PutObject');

    expect(puts.filter((resource) => resource.includes('/designations/*'))).toHaveLength(1);
  });

  it('gives no other HTTP function rights under uploads/ (their routes presign nothing)', () => {
    for (const group of ['Platform', 'Links', 'Auth', 'Party', 'Staff', 'Roster', 'Mediation']) {
      const objects = [
        ...objectsAllowed(synthesized, 'api', `HttpFunction${group}Role`, 's3:PutObject'),
        ...objectsAllowed(synthesized, 'api', `HttpFunction${group}Role`, 's3:GetObject'),
      ];
      expect(
        objects.filter((resource) => resource.includes('/uploads/')),
        group,
      ).toEqual([]);
    }
  });

  it('gives the outbox consumer nothing under uploads/ (it serves only what the HTTP function checked and copied)', () => {
    const consumer = [
      ...objectsAllowed(synthesized, 'events', 'OutboxConsumer', 's3:PutObject'),
      ...objectsAllowed(synthesized, 'events', 'OutboxConsumer', 's3:GetObject'),
    ];

    expect(consumer.length).toBeGreaterThan(0);
    expect(consumer.filter((resource) => resource.includes('/uploads/'))).toEqual([]);
  });

  it('expires uploads, which are drafts, without touching the documents bucket’s other objects', () => {
    synthesized.templates.data.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Prefix: 'uploads/',
            Status: 'Enabled',
            ExpirationInDays: 7,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          }),
        ]),
      },
    });
    type Rule = { Prefix?: string; ExpirationInDays?: number };
    const rulesOf = (bucket: { Properties: Record<string, unknown> }) =>
      (bucket.Properties.LifecycleConfiguration as { Rules?: Rule[] } | undefined)?.Rules ?? [];
    const documents = Object.values(resourcesOfType(synthesized.templates.data, 'AWS::S3::Bucket')).filter((bucket) =>
      rulesOf(bucket).some((rule) => rule.Prefix === 'uploads/'),
    );
    expect(documents).toHaveLength(1);
    const rules = documents.flatMap(rulesOf);
    expect(rules.filter((rule) => rule.ExpirationInDays !== undefined && rule.Prefix !== 'uploads/')).toEqual([]);
  });

  it('reports no unacknowledged cdk-nag finding for the uploads grant', () => {
    const uploads = synthesized.violations.filter((violation) => JSON.stringify(violation).includes('uploads'));

    expect(uploads).toEqual([]);
  });
});
