import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeGroupOf, routeGroups } from '../../functions/http/route-groups';
import { type RouteDeclaration, routeKey, routeTable, verifiedAtGateway } from '../../functions/http/route-table';
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

  /** Logical ids of the pools, their pages' clients and the authorizers, by what they are. */
  const cognito = () => {
    const { api } = synthesized.templates;
    const idOf = (type: string, part: string) => {
      const ids = Object.keys(resourcesOfType(api, type)).filter((id) => id.startsWith(part));
      if (ids.length !== 1) throw new Error(`expected one ${type} named ${part}…, found ${ids.join(', ')}`);
      return ids[0] as string;
    };
    return {
      partyPool: idOf('AWS::Cognito::UserPool', 'PartiesPool'),
      staffPool: idOf('AWS::Cognito::UserPool', 'StaffPool'),
      courtPool: idOf('AWS::Cognito::UserPool', 'CourtsPool'),
      partyClient: idOf('AWS::Cognito::UserPoolClient', 'PartiesPoolWebClient'),
      staffClient: idOf('AWS::Cognito::UserPoolClient', 'StaffPoolWebClient'),
      partyAuthorizer: idOf('AWS::ApiGatewayV2::Authorizer', 'HttpApiPartiesAuthorizer'),
      staffAuthorizer: idOf('AWS::ApiGatewayV2::Authorizer', 'HttpApiStaffAuthorizer'),
    };
  };

  it("verifies people's tokens with one JWT authorizer per people pool, trusting that pool's pages' client only", () => {
    const { api } = synthesized.templates;
    const ids = cognito();
    const authorizers = resourcesOfType(api, 'AWS::ApiGatewayV2::Authorizer');

    expect(Object.keys(authorizers)).toHaveLength(2);
    for (const [authorizer, pool, client] of [
      [ids.partyAuthorizer, ids.partyPool, ids.partyClient],
      [ids.staffAuthorizer, ids.staffPool, ids.staffClient],
    ] as const) {
      const properties = authorizers[authorizer]?.Properties;
      if (properties === undefined) throw new Error(`no authorizer ${authorizer}`);
      expect(properties.AuthorizerType).toBe('JWT');
      expect(properties.IdentitySource).toEqual(['$request.header.Authorization']);
      const { Audience, Issuer } = properties.JwtConfiguration as { Audience: unknown; Issuer: unknown };
      expect(Audience).toEqual([{ Ref: client }]);
      expect(JSON.stringify(Issuer)).toContain(`{"Ref":"${pool}"}`);
    }
  });

  it('declares exactly the route table: each bearer route behind the authorizer of the one pool whose people may call it, the rest without', () => {
    const ids = cognito();
    const authorizerNames: Record<string, string> = {
      [ids.partyAuthorizer]: 'parties',
      [ids.staffAuthorizer]: 'staff',
    };
    const synthesizedRoutes = routes()
      .map((route) => {
        const ref = (route.AuthorizerId as { Ref?: string } | undefined)?.Ref;
        return {
          key: route.RouteKey,
          authorizer:
            route.AuthorizationType === 'JWT' && ref !== undefined
              ? (authorizerNames[ref] ?? `unknown ${ref}`)
              : (route.AuthorizationType ?? 'NONE') === 'NONE' && route.AuthorizerId === undefined
                ? 'none'
                : `unexpected ${route.AuthorizationType}`,
        };
      })
      .sort((a, b) => a.key.localeCompare(b.key));
    // The rule, restated: one issuer per JWT authorizer, so only routes whose roles all sign in
    // through the same pool are checked at the gateway; courts' routes never (run-time clients).
    const expectedAuthorizer = (route: RouteDeclaration) => {
      if (route.access !== 'bearer' || !verifiedAtGateway(route)) return 'none';
      if (route.roles.every((role) => role === 'party')) return 'parties';
      if (route.roles.every((role) => role === 'mediator' || role === 'operator')) return 'staff';
      return 'none';
    };
    const declared = routeTable
      .map((route) => ({ key: routeKey(route), authorizer: expectedAuthorizer(route) }))
      .sort((a, b) => a.key.localeCompare(b.key));

    expect(synthesizedRoutes).toEqual(declared);
    const byKey = new Map(synthesizedRoutes.map((route) => [route.key, route.authorizer]));
    expect(byKey.get('POST /v1/disputes/{id}/picks')).toBe('parties');
    expect(byKey.get('GET /v1/offers')).toBe('staff');
    expect(byKey.get('POST /v1/assignments/batch')).toBe('staff');
    // Parties and operators both file disputes: verified in the function, against both pools.
    expect(byKey.get('POST /v1/disputes')).toBe('none');
    expect(byKey.get('GET /v1/confirmation-requests')).toBe('none');
  });

  it('has no $default route: API Gateway answers 404 for anything the table does not declare', () => {
    expect(routes().map((route) => route.RouteKey)).not.toContain('$default');
  });

  it('lets API Gateway invoke each HTTP function with one permission, not one per route', () => {
    const permissions = Object.values(resourcesOfType(synthesized.templates.api, 'AWS::Lambda::Permission')).filter(
      (permission) => permission.Properties.Principal === 'apigateway.amazonaws.com',
    );

    expect(permissions).toHaveLength(routeGroups.length);
    const invoked = permissions.map((permission) => JSON.stringify(permission.Properties.FunctionName));
    expect(new Set(invoked).size).toBe(routeGroups.length);
  });

  it("sends every declared route to exactly one function, its route group's, and each group's function serves its routes only", () => {
    const { api } = synthesized.templates;
    // Function logical id → the route group it runs (by its description, route-groups.ts).
    const groupOfFunction = new Map(
      Object.entries(resourcesOfType(api, 'AWS::Lambda::Function')).flatMap(([id, fn]) => {
        const group = routeGroups.find((candidate) => candidate.description === fn.Properties.Description);
        return group ? [[id, group.name] as const] : [];
      }),
    );
    expect(new Set(groupOfFunction.values()).size).toBe(routeGroups.length);
    const integrations = resourcesOfType(api, 'AWS::ApiGatewayV2::Integration');
    const functionOfIntegration = (target: unknown) => {
      const joined = JSON.stringify(target);
      const integration = Object.entries(integrations).find(([id]) => joined.includes(`"${id}"`))?.[1];
      const uri = integration?.Properties.IntegrationUri as { 'Fn::GetAtt'?: [string, string] } | undefined;
      return uri?.['Fn::GetAtt']?.[0];
    };

    const served = Object.values(resourcesOfType(api, 'AWS::ApiGatewayV2::Route')).map((route) => ({
      key: String(route.Properties.RouteKey),
      group: groupOfFunction.get(functionOfIntegration(route.Properties.Target) ?? ''),
    }));

    expect(served.sort((a, b) => a.key.localeCompare(b.key))).toEqual(
      routeTable
        .map((route) => ({ key: routeKey(route), group: routeGroupOf(route).name }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    );
    // A few by name, so the grouping itself is checked, not only restated.
    const groupOf = new Map(served.map((route) => [route.key, route.group]));
    expect(groupOf.get('GET /openapi.json')).toBe('platform');
    expect(groupOf.get('GET /j/{token}')).toBe('links');
    expect(groupOf.get('GET /')).toBe('party');
    expect(groupOf.get('POST /inbox/sign-in')).toBe('staff');
    expect(groupOf.get('POST /v1/courts/{id}/credentials')).toBe('roster');
    expect(groupOf.get('POST /v1/settlements/{id}/confirmation-requests')).toBe('confirmation');
    expect(groupOf.get('POST /v1/settlements/{id}/signatures')).toBe('mediation');
    expect(groupOf.get('GET /v1/services/{id}/proof')).toBe('service');
  });

  it("keeps courts on a pool of their own: the court scope, client-credentials clients with a secret, nobody's sign-in", () => {
    const { api } = synthesized.templates;
    const ids = cognito();

    api.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      UserPoolId: { Ref: ids.courtPool },
      Identifier: 'platform',
      Scopes: [Match.objectLike({ ScopeName: 'court' })],
    });
    const courtPoolClients = Object.values(resourcesOfType(api, 'AWS::Cognito::UserPoolClient')).filter(
      (client) => JSON.stringify(client.Properties.UserPoolId) === JSON.stringify({ Ref: ids.courtPool }),
    );
    expect(courtPoolClients).toHaveLength(2);
    for (const client of courtPoolClients) {
      expect(client.Properties.AllowedOAuthFlows).toEqual(['client_credentials']);
      // The scope is `<resource server>/court`, joined from the resource server's id.
      expect(JSON.stringify(client.Properties.AllowedOAuthScopes)).toContain('"/court"');
      expect(client.Properties.GenerateSecret).toBe(true);
    }
    const courtPool = resourcesOfType(api, 'AWS::Cognito::UserPool')[ids.courtPool]?.Properties;
    expect(courtPool?.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(Object.keys(api.findOutputs('CourtClientIdszfutian'))).toHaveLength(1);
  });

  it('gives the staff pool the groups mediator and operator, and the parties pool none (its people are parties)', () => {
    const { api } = synthesized.templates;
    const ids = cognito();
    const groups = Object.values(resourcesOfType(api, 'AWS::Cognito::UserPoolGroup')).map((group) => ({
      name: group.Properties.GroupName,
      pool: (group.Properties.UserPoolId as { Ref: string }).Ref,
    }));

    expect(groups.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
      { name: 'mediator', pool: ids.staffPool },
      { name: 'operator', pool: ids.staffPool },
    ]);
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

  it("lets the roster API's and the staff pages' functions alone manage courts' app clients and create staff sign-ins, on no other pool", () => {
    const { api } = synthesized.templates;
    const { courtPool, staffPool } = cognito();
    // Role logical id → the route group its function runs (by the function's description).
    const groupOfRole = new Map(
      Object.values(resourcesOfType(api, 'AWS::Lambda::Function')).flatMap((fn) => {
        const group = routeGroups.find((candidate) => candidate.description === fn.Properties.Description);
        const role = (fn.Properties.Role as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0];
        return group && role ? [[role, group.name] as const] : [];
      }),
    );
    type Statement = { Action: string | string[]; Effect: string; Resource: unknown };
    const cognitoGrants = Object.values(resourcesOfType(api, 'AWS::IAM::Policy')).flatMap((policy) => {
      const roles = (policy.Properties.Roles as Array<{ Ref: string }>).map((role) => groupOfRole.get(role.Ref));
      return (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter((statement) =>
        JSON.stringify(statement.Action).includes('cognito-idp:'),
      ).map((statement) => ({ groups: roles, ...statement }));
    });

    const staffAccounts = [
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminListGroupsForUser',
      'cognito-idp:AdminAddUserToGroup',
    ];
    const courtClients = ['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient'];
    expect(cognitoGrants).toHaveLength(4);
    expect(cognitoGrants).toEqual(
      expect.arrayContaining(
        (['roster', 'staff'] as const).flatMap((group) => [
          { groups: [group], Action: courtClients, Effect: 'Allow', Resource: { 'Fn::GetAtt': [courtPool, 'Arn'] } },
          { groups: [group], Action: staffAccounts, Effect: 'Allow', Resource: { 'Fn::GetAtt': [staffPool, 'Arn'] } },
        ]),
      ),
    );
  });

  it('tells the HTTP function both people pools, their clients and sign-in domains, and the courts’ pool and token endpoint', () => {
    const { api } = synthesized.templates;
    const ids = cognito();
    const httpFunction = Object.values(resourcesOfType(api, 'AWS::Lambda::Function')).find((fn) =>
      JSON.stringify(fn.Properties.Environment ?? {}).includes('PARTY_USER_POOL_ID'),
    );
    if (httpFunction === undefined) throw new Error('no function has PARTY_USER_POOL_ID');
    const variables = (httpFunction.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const domainOf = (pool: string) =>
      Object.entries(resourcesOfType(api, 'AWS::Cognito::UserPoolDomain')).find(
        ([, domain]) => JSON.stringify(domain.Properties.UserPoolId) === JSON.stringify({ Ref: pool }),
      )?.[0];

    expect(variables.PARTY_USER_POOL_ID).toEqual({ Ref: ids.partyPool });
    expect(variables.PARTY_CLIENT_ID).toEqual({ Ref: ids.partyClient });
    expect(JSON.stringify(variables.PARTY_AUTH_DOMAIN)).toContain(`{"Ref":"${domainOf(ids.partyPool)}"},".auth.`);
    expect(variables.STAFF_USER_POOL_ID).toEqual({ Ref: ids.staffPool });
    expect(variables.STAFF_CLIENT_ID).toEqual({ Ref: ids.staffClient });
    expect(JSON.stringify(variables.STAFF_AUTH_DOMAIN)).toContain(`{"Ref":"${domainOf(ids.staffPool)}"},".auth.`);
    expect(variables.COURT_USER_POOL_ID).toEqual({ Ref: ids.courtPool });
    expect(JSON.stringify(variables.COURT_TOKEN_ENDPOINT)).toContain(`{"Ref":"${domainOf(ids.courtPool)}"},".auth.`);
    expect(JSON.stringify(variables.COURT_TOKEN_ENDPOINT)).toContain('/oauth2/token');
    // The names the function reads today: courts' pool, and both people clients.
    expect(variables.USER_POOL_ID).toBeUndefined();
    expect(variables.PEOPLE_CLIENT_IDS).toBeUndefined();
  });

  it("lets the HTTP function use DynamoDB, the PII and proof keys, served documents and checkpoints in S3, the identity provider settings, courts' app clients and staff sign-ins, nothing else", () => {
    const { api } = synthesized.templates;
    const actions = actionsOfRole(api, 'HttpFunction');

    expect(actions.length).toBeGreaterThan(0);
    // S3: POST /v1/services stores the served document (objects under services/ only); proofs
    // list and read checkpoints (never write them: that is the checkpointer's alone).
    for (const action of actions) {
      expect(action).toMatch(
        /^(dynamodb|kms):|^s3:(PutObject|GetObject|ListBucket)$|^secretsmanager:GetSecretValue$|^cognito-idp:((Create|Delete)UserPoolClient|AdminCreateUser|AdminGetUser|AdminListGroupsForUser|AdminAddUserToGroup)$/,
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

    // Both people pools mail codes and invitations; the courts' pool has nobody to mail.
    const mailing = templates.api.findResources('AWS::Cognito::UserPool', {
      Properties: {
        EmailConfiguration: Match.objectLike({
          EmailSendingAccount: 'DEVELOPER',
          From: 'service@odr.example.cn',
          SourceArn: Match.anyValue(),
          ConfigurationSet: Match.anyValue(),
        }),
      },
    });
    expect(Object.keys(mailing).sort()).toEqual([
      expect.stringMatching(/^PartiesPool/),
      expect.stringMatching(/^StaffPool/),
    ]);
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
