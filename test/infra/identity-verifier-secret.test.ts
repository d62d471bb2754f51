import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeGroups } from '../../functions/http/route-groups';
import { resourcesOfType, type SynthesizedPlatform, synthPlatform } from './synth-platform';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/**
 * The identity provider's settings in AWS (docs/identity-verifier.md): one secret in the stateful
 * stack, created unconfigured (`{}`), encrypted with the data key and retained; every HTTP function
 * but the platform's reads that secret alone, through the Parameters and Secrets extension, and no other function can.
 */
describe('identity verifier secret', () => {
  let synthesized: SynthesizedPlatform;
  beforeAll(() => {
    synthesized = synthPlatform();
  });

  const statementsOf = (stack: 'api' | 'events' | 'workflows' | 'messaging', role: string | RegExp) =>
    Object.values(resourcesOfType(synthesized.templates[stack], 'AWS::IAM::Policy'))
      .filter((policy) => new RegExp(role).test(JSON.stringify(policy.Properties.Roles)))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const actionsOf = (statement: Statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);

  it('is one secret in the data stack, created as {} (unconfigured), encrypted with the data key, retained', () => {
    const { data } = synthesized.templates;
    const [keyId] = Object.keys(
      data.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true, KeySpec: Match.absent() } }),
    );

    data.resourceCountIs('AWS::SecretsManager::Secret', 1);
    data.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({
        SecretString: '{}',
        KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        GenerateSecretString: Match.absent(),
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('names the secret to the HTTP function and gives it the Parameters and Secrets extension', () => {
    const { api } = synthesized.templates;
    const [http] = Object.values(resourcesOfType(api, 'AWS::Lambda::Function')).filter((fn) =>
      JSON.stringify(fn.Properties.Environment ?? {}).includes('IDENTITY_VERIFIER_SECRET_ARN'),
    );

    if (!http) throw new Error('no function has IDENTITY_VERIFIER_SECRET_ARN');
    const variables = (http.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(JSON.stringify(variables.IDENTITY_VERIFIER_SECRET_ARN)).toMatch(/IdentityVerifierSecret/);
    expect(variables).toMatchObject({
      PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: 'true',
      PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE: '5',
      SECRETS_MANAGER_TTL: '300',
    });
    // The layer's ARN is looked up by region in a mapping CDK adds (the stack is region-agnostic).
    const [layer] = http.Properties.Layers as Array<{ 'Fn::FindInMap': [string, unknown, string] }>;
    const [mappingName, , column] = layer?.['Fn::FindInMap'] ?? [];
    const mapping = api.toJSON().Mappings?.[mappingName as string] as Record<string, Record<string, string>>;
    expect(mapping['ap-east-1']?.[column as string]).toMatch(
      /^arn:aws:lambda:ap-east-1:\d+:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:\d+$/,
    );
  });

  it.each(routeGroups.filter((group) => group.name !== 'platform').map((group) => group.name))(
    'lets the HTTP function of the %s routes read that secret only, and decrypt only through Secrets Manager',
    (group) => {
      const statements = statementsOf('api', `HttpFunction${group.charAt(0).toUpperCase()}${group.slice(1)}Role`);
      const secretStatements = statements.filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('secretsmanager:')),
      );

      expect(secretStatements).toHaveLength(1);
      expect(actionsOf(secretStatements[0] as Statement)).toEqual(['secretsmanager:GetSecretValue']);
      expect(JSON.stringify(secretStatements[0]?.Resource)).toMatch(/IdentityVerifierSecret/);
      expect(JSON.stringify(secretStatements[0]?.Resource)).not.toContain('*');
      const viaSecretsManager = statements.filter((statement) =>
        JSON.stringify(statement.Condition ?? {}).includes('secretsmanager.'),
      );
      expect(viaSecretsManager).toHaveLength(1);
      expect(actionsOf(viaSecretsManager[0] as Statement)).toEqual(['kms:Decrypt']);
    },
  );

  it('gives no other function of any stack access to the secret, nor the HTTP platform function (no identity checks)', () => {
    for (const stack of ['api', 'events', 'workflows', 'messaging'] as const) {
      const policies = Object.values(resourcesOfType(synthesized.templates[stack], 'AWS::IAM::Policy')).filter(
        (policy) => !/HttpFunction(?!Platform)/.test(JSON.stringify(policy.Properties.Roles)),
      );
      for (const policy of policies) {
        expect(JSON.stringify(policy.Properties.PolicyDocument), stack).not.toMatch(/secretsmanager/);
      }
    }
  });
});
