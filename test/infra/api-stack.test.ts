import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routeTable, verifiedAtGateway } from '../../functions/http/route-table';
import { PlatformContextError } from '../../infra/context-error';
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

  it('declares exactly the route table: bearer routes behind the JWT authorizer, public routes and pages without', () => {
    const { api } = synthesized.templates;
    const [authorizerId] = Object.keys(resourcesOfType(api, 'AWS::ApiGatewayV2::Authorizer'));
    const synthesizedRoutes = routes()
      .map((route) => ({
        key: route.RouteKey,
        authorizer:
          route.AuthorizationType === 'JWT' &&
          JSON.stringify(route.AuthorizerId) === JSON.stringify({ Ref: authorizerId })
            ? 'jwt'
            : (route.AuthorizationType ?? 'NONE') === 'NONE' && route.AuthorizerId === undefined
              ? 'none'
              : `unexpected ${route.AuthorizationType}`,
      }))
      .sort((a, b) => a.key.localeCompare(b.key));
    const declared = routeTable
      .map((route) => ({ key: routeKey(route), authorizer: verifiedAtGateway(route) ? 'jwt' : 'none' }))
      .sort((a, b) => a.key.localeCompare(b.key));

    expect(synthesizedRoutes).toEqual(declared);
  });

  it('has no $default route: API Gateway answers 404 for anything the table does not declare', () => {
    expect(routes().map((route) => route.RouteKey)).not.toContain('$default');
  });

  it('lets API Gateway invoke the HTTP function with one permission, not one per route', () => {
    const permissions = Object.values(resourcesOfType(synthesized.templates.api, 'AWS::Lambda::Permission')).filter(
      (permission) => permission.Properties.Principal === 'apigateway.amazonaws.com',
    );

    expect(permissions).toHaveLength(1);
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

  it("lets the HTTP function create and delete app clients on the platform's user pool and on no other", () => {
    const { api } = synthesized.templates;
    const [poolId] = Object.keys(resourcesOfType(api, 'AWS::Cognito::UserPool'));
    const statements = Object.values(resourcesOfType(api, 'AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes('HttpFunction'))
      .flatMap(
        (policy) =>
          (policy.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> })
            .Statement,
      )
      .filter((statement) => JSON.stringify(statement.Action).includes('cognito-idp:'));

    expect(statements).toEqual([
      {
        Action: ['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [poolId, 'Arn'] },
      },
    ]);
  });

  it("tells the HTTP function its user pool, the pages' client and the courts' token endpoint on the pool's domain", () => {
    const { api } = synthesized.templates;
    const [poolId] = Object.keys(resourcesOfType(api, 'AWS::Cognito::UserPool'));
    const [webClientId] = Object.keys(
      api.findResources('AWS::Cognito::UserPoolClient', {
        Properties: { AllowedOAuthFlows: ['code'] },
      }),
    );
    const httpFunction = Object.values(resourcesOfType(api, 'AWS::Lambda::Function')).find((fn) =>
      JSON.stringify(fn.Properties.Environment).includes('USER_POOL_ID'),
    );
    if (httpFunction === undefined) throw new Error('no function has USER_POOL_ID');
    const variables = (httpFunction.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

    expect(variables.USER_POOL_ID).toEqual({ Ref: poolId });
    expect(variables.PEOPLE_CLIENT_IDS).toEqual({ Ref: webClientId });
    expect(JSON.stringify(variables.COURT_TOKEN_ENDPOINT)).toContain('/oauth2/token');
    expect(JSON.stringify(variables.COURT_TOKEN_ENDPOINT)).toContain('.auth.');
    expect(Object.keys(resourcesOfType(api, 'AWS::Cognito::UserPoolDomain'))).toHaveLength(1);
  });

  it("lets the HTTP function use DynamoDB, the PII and proof keys, served documents and checkpoints in S3, the identity provider settings and its pool's app clients, nothing else", () => {
    const { api } = synthesized.templates;
    const actions = actionsOfRole(api, 'HttpFunction');

    expect(actions.length).toBeGreaterThan(0);
    // S3: POST /v1/services stores the served document (objects under services/ only); proofs
    // list and read checkpoints (never write them: that is the checkpointer's alone).
    for (const action of actions) {
      expect(action).toMatch(
        /^(dynamodb|kms):|^s3:(PutObject|GetObject|ListBucket)$|^secretsmanager:GetSecretValue$|^cognito-idp:(Create|Delete)UserPoolClient$/,
      );
    }
    expect(actions).not.toContain('dynamodb:Scan');
  });
});

describe('ApiStack pinned to an account and region', () => {
  it("sends Cognito mail with Cognito's own sender until the SES domain is verified", () => {
    const { templates } = synthPlatform({ account: '123456789012', region: 'ap-southeast-1' });

    const pools = Object.values(resourcesOfType(templates.api, 'AWS::Cognito::UserPool'));
    expect(pools.length).toBeGreaterThan(0);
    for (const pool of pools) {
      const email = pool.Properties.EmailConfiguration as { EmailSendingAccount?: string } | undefined;
      expect(email?.EmailSendingAccount ?? 'COGNITO_DEFAULT').toBe('COGNITO_DEFAULT');
    }
  });

  it('sends Cognito mail through SES as the platform sender, with its configuration set, once asked to', () => {
    const { templates } = synthPlatform({
      account: '123456789012',
      region: 'ap-southeast-1',
      mailFrom: 'service@odr.example.cn',
      cognitoEmail: 'ses',
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

describe('ApiStack on a custom domain', () => {
  const certificateArn = 'arn:aws:acm:ap-southeast-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

  it("maps the API's $default stage to the domain and puts every link on it", () => {
    const { templates, violations } = synthPlatform({
      account: '123456789012',
      region: 'ap-southeast-1',
      publicBaseUrl: undefined,
      domainName: 'odr.example.cn',
      certificateArn,
    });
    const { api } = templates;

    expect(
      violations.filter((violation) => violation.constructPaths.some((path) => /CustomDomain/.test(path))),
    ).toEqual([]);
    api.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'odr.example.cn',
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: certificateArn, EndpointType: 'REGIONAL' })],
    });
    const [domainId] = Object.keys(resourcesOfType(api, 'AWS::ApiGatewayV2::DomainName'));
    api.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      DomainName: { Ref: domainId },
      Stage: Match.anyValue(),
    });
    expect(Object.keys(api.findOutputs('CustomDomainTarget'))).toHaveLength(1);
    const httpFunction = Object.values(resourcesOfType(api, 'AWS::Lambda::Function')).find((fn) =>
      JSON.stringify(fn.Properties.Environment ?? {}).includes('PUBLIC_BASE_URL'),
    );
    expect(
      (httpFunction?.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
        ?.PUBLIC_BASE_URL,
    ).toBe('https://odr.example.cn');
  });
});

describe('synth refuses a deploy that could not work', () => {
  it('without publicBaseUrl or a custom domain, naming the context keys to give', () => {
    expect(() => synthPlatform({ publicBaseUrl: undefined })).toThrow(
      /context publicBaseUrl is required.*-c publicBaseUrl=https:\/\/.*-c domainName=.*-c certificateArn=/s,
    );
  });

  it('with a publicBaseUrl that is not an https origin', () => {
    for (const publicBaseUrl of ['http://odr.example.cn', 'https://odr.example.cn/app', 'odr.example.cn']) {
      expect(() => synthPlatform({ publicBaseUrl }), publicBaseUrl).toThrow(/context publicBaseUrl must be/);
    }
  });

  it('in a region without SES or SNS SMS, naming regions that work', () => {
    for (const region of ['ap-east-1', 'cn-north-1', 'cn-northwest-1']) {
      expect(() => synthPlatform({ account: '123456789012', region }), region).toThrow(
        new RegExp(`cannot run in ${region}.*SES.*SNS.*ap-southeast-1`, 's'),
      );
    }
  });

  it('with half a custom domain, or a certificate in another region', () => {
    expect(() => synthPlatform({ domainName: 'odr.example.cn' })).toThrow(
      /needs both -c domainName=.* -c certificateArn=/,
    );
    expect(() =>
      synthPlatform({
        region: 'ap-southeast-1',
        domainName: 'odr.example.cn',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d',
      }),
    ).toThrow(/certificate is in us-east-1, the API in ap-southeast-1/);
  });

  it('with an error of its own, which the CDK app prints without a stack trace', () => {
    expect(() => synthPlatform({ publicBaseUrl: undefined })).toThrow(PlatformContextError);
    expect(() => synthPlatform({ region: 'ap-east-1' })).toThrow(PlatformContextError);
  });

  it('with Cognito mail through SES but no region to name', () => {
    expect(() => synthPlatform({ cognitoEmail: 'ses' })).toThrow(/cognitoEmail=ses needs -c region=/);
  });
});
