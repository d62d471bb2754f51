import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOfRole, resourcesOfType, type SynthesizedPlatform, synthPlatform } from './synth-platform';

describe('ApiStack', () => {
  let synthesized: SynthesizedPlatform;
  beforeAll(() => {
    synthesized = synthPlatform({ courts: 'sz-futian,gz-tianhe' });
  });

  const routes = () =>
    Object.values(resourcesOfType(synthesized.templates.api, 'AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties as { RouteKey: string; AuthorizationType?: string; AuthorizerId?: unknown },
    );

  const theStage = () => {
    const stages = Object.values(resourcesOfType(synthesized.templates.api, 'AWS::ApiGatewayV2::Stage'));
    const [stage] = stages;
    if (stages.length !== 1 || stage === undefined) throw new Error(`expected one stage, found ${stages.length}`);
    return stage;
  };

  it('verifies Cognito tokens with a JWT authorizer whose audience is every app client', () => {
    const { api } = synthesized.templates;
    const clients = Object.keys(resourcesOfType(api, 'AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(3); // the web client and one per court

    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: Match.arrayWith(clients.map((client) => ({ Ref: client }))),
        Issuer: Match.anyValue(),
      },
    });
  });

  it('puts the authorizer on the $default route', () => {
    const defaultRoute = routes().find((route) => route.RouteKey === '$default');

    expect(defaultRoute).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: expect.anything() });
  });

  it('leaves the public routes without an authorizer', () => {
    const publicKeys = [
      'GET /health',
      'GET /openapi.json',
      'GET /docs',
      'GET /join/{proxy+}',
      'POST /join/{proxy+}',
      'GET /j/{proxy+}',
      'POST /j/{proxy+}',
      'GET /s/{proxy+}',
      'POST /s/{proxy+}',
      'GET /r/{proxy+}',
      'POST /r/{proxy+}',
      'GET /verify',
      'GET /service-centre',
      'POST /service-centre/{proxy+}',
    ];

    for (const key of publicKeys) {
      const route = routes().find((candidate) => candidate.RouteKey === key);
      expect(route, key).toBeDefined();
      expect(route?.AuthorizationType ?? 'NONE', key).toBe('NONE');
      expect(route?.AuthorizerId, key).toBeUndefined();
    }
    expect(
      routes()
        .filter((route) => route.AuthorizationType === 'JWT')
        .map((route) => route.RouteKey),
    ).toEqual(['$default']);
  });

  it('has a court scope on a resource server and the three people groups', () => {
    const { api } = synthesized.templates;

    api.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'platform',
      Scopes: [Match.objectLike({ ScopeName: 'court' })],
    });
    for (const group of ['party', 'mediator', 'operator']) {
      api.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    }
    const courtClients = Object.values(
      api.findResources('AWS::Cognito::UserPoolClient', { Properties: { AllowedOAuthFlows: ['client_credentials'] } }),
    );
    expect(courtClients).toHaveLength(2);
    for (const client of courtClients) {
      // The scope is `<resource server>/court`, joined from the resource server's id.
      expect(JSON.stringify(client.Properties.AllowedOAuthScopes)).toContain('"/court"');
      expect(client.Properties.GenerateSecret).toBe(true);
    }
  });

  it('logs access to a log group with retention and throttles the stage', () => {
    const { api } = synthesized.templates;
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('routeKey') },
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
    });
    const destination = (
      theStage().Properties.AccessLogSettings as { DestinationArn: { 'Fn::GetAtt': [string, string] } }
    ).DestinationArn;
    const group = resourcesOfType(api, 'AWS::Logs::LogGroup')[destination['Fn::GetAtt'][0]];
    expect(group?.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('never writes request paths (they carry link tokens) to the access log', () => {
    const format = (theStage().Properties.AccessLogSettings as { Format: string }).Format;

    expect(format).not.toContain('$context.path');
  });

  it('outputs the API URL', () => {
    expect(Object.keys(synthesized.templates.api.findOutputs('ApiUrl'))).toHaveLength(1);
  });

  it('lets the HTTP function use DynamoDB, the PII and proof keys, served documents and checkpoints in S3 and the identity provider settings, nothing else', () => {
    const { api } = synthesized.templates;
    const actions = actionsOfRole(api, 'HttpFunction');

    expect(actions.length).toBeGreaterThan(0);
    // S3: POST /v1/services stores the served document (objects under services/ only); proofs
    // list and read checkpoints (never write them: that is the checkpointer's alone).
    for (const action of actions) {
      expect(action).toMatch(/^(dynamodb|kms):|^s3:(PutObject|GetObject|ListBucket)$|^secretsmanager:GetSecretValue$/);
    }
    expect(actions).not.toContain('dynamodb:Scan');
  });
});

describe('ApiStack pinned to an account and region', () => {
  it('sends Cognito mail through SES as the platform sender, with its configuration set', () => {
    const { templates } = synthPlatform({
      account: '123456789012',
      region: 'ap-east-1',
      mailFrom: 'service@odr.example.cn',
    });

    templates.api.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: 'service@odr.example.cn',
        SourceArn: Match.anyValue(),
        ConfigurationSet: Match.anyValue(),
      }),
    });
  });
});
