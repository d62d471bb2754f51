import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  DomainName,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolEmail,
} from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { routeTable, verifiedAtGateway } from '../../functions/http/route-table';
import { PlatformFunction } from '../constructs/platform-function';
import type { DataStack } from './data-stack';

export interface ApiStackProps extends StackProps {
  data: DataStack;
  /** Prefix of the Cognito domain that serves sign-in and the token endpoint (unique per region). */
  cognitoDomainPrefix: string;
  /** Where the web sign-in may return to (authorization code flow). */
  webCallbackUrls: string[];
  /**
   * Courts to create a client-credentials app client for, by a short stable key each (e.g.
   * `sz-futian`). Each court calls the API with its own client; its `client_id` is how the
   * platform recognizes it, so the roster records that id.
   */
  courts: string[];
  /**
   * Base URL of links in messages and pages. Undefined: the custom domain's, or else the API's own
   * execute-api URL.
   */
  publicBaseUrl?: string;
  /**
   * The platform's own name for the API and its pages: an API Gateway custom domain with the
   * `$default` stage mapped at its root. The ACM certificate must be in the stack's region.
   */
  customDomain?: { domainName: string; certificateArn: string };
  /**
   * The platform's SES sender, for Cognito's own mail (codes, invitations). Only once the sender's
   * domain is verified in SES (DKIM): Cognito refuses an unverified identity, and the Messaging stack
   * that creates it is deployed in the same run. Until then Cognito's own sender (50 mails a day).
   * Needs the stack's region: Cognito names the SES region.
   */
  mail?: { fromAddress: string; configurationSetName: string };
  /** Steady-state request rate and burst allowed on the stage. */
  throttle?: { rateLimit: number; burstLimit: number };
}

/** The OAuth resource server and the scope a court's token must carry (see cognito-claims.ts). */
const resourceServerIdentifier = 'platform';
const courtScopeName = 'court';

/**
 * The HTTP API: Cognito for people (groups party, mediator, operator) and courts (one
 * client-credentials app client each), a JWT authorizer on the catch-all route, and the Hono app
 * behind every route. The function only reads and writes the table (and protects ID numbers);
 * side effects run in the outbox consumer (DESIGN.md).
 */
export class ApiStack extends Stack {
  public readonly httpApi: HttpApi;
  public readonly userPool: UserPool;
  /** Where the API and its pages are reached: the custom domain, or the execute-api URL. */
  public readonly apiUrl: string;
  /** Base URL of links in messages (props.publicBaseUrl, or else `apiUrl`). */
  public readonly publicBaseUrl: string;
  public readonly httpFunction: PlatformFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { data } = props;

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are created by operators and invitations (with their group), not by strangers.
      selfSignUpEnabled: false,
      signInAliases: { email: true, phone: true },
      autoVerify: { email: true, phone: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Mediators and operators see personal data of many people: a second factor always. SMS is
      // offered because parties rarely run an authenticator app.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: true },
      accountRecovery: AccountRecovery.EMAIL_AND_PHONE_WITHOUT_MFA,
      // Plus: risk-based sign-in protection (compromised credentials, unusual sign-ins).
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      email: this.cognitoEmail(props.mail),
      deletionProtection: true,
      // The pool holds every account; deleting this stateless stack must not delete people.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of ['party', 'mediator', 'operator'] as const) {
      this.userPool.addGroup(`${group[0]?.toUpperCase()}${group.slice(1)}Group`, { groupName: group });
    }
    const smsRole = this.userPool.node.tryFindChild('smsRole');
    if (smsRole !== undefined) {
      Validations.of(smsRole).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Cognito sends MFA and verification codes with sns:Publish to phone numbers, which have no ARN.',
      });
    }

    const courtScope = new ResourceServerScope({
      scopeName: courtScopeName,
      scopeDescription: 'Machine access of a court: confirmation requests, rulings, service of documents',
    });
    const resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: resourceServerIdentifier,
      scopes: [courtScope],
    });
    const domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.cognitoDomainPrefix } });

    const webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PHONE, OAuthScope.PROFILE],
        callbackUrls: props.webCallbackUrls,
      },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
      enableTokenRevocation: true,
    });
    const courtClients: UserPoolClient[] = props.courts.map((court) => {
      const client = this.userPool.addClient(`Court-${court}`, {
        userPoolClientName: `court-${court}`,
        generateSecret: true,
        authFlows: {},
        oAuth: {
          flows: { clientCredentials: true },
          scopes: [OAuthScope.resourceServer(resourceServer, courtScope)],
        },
        accessTokenValidity: Duration.hours(1),
        enableTokenRevocation: true,
      });
      new CfnOutput(this, `CourtClientId-${court}`, {
        description: `client_id of court ${court}: record it in the court roster`,
        value: client.userPoolClientId,
      });
      return client;
    });

    this.httpFunction = new PlatformFunction(this, 'HttpFunction', {
      entry: 'functions/http/lambda.ts',
      description: 'HTTP API: Hono app; writes state and outbox items only',
      environment: {
        TABLE_NAME: data.table.tableName,
        PII_KMS_KEY_ID: data.dataKey.keyArn,
        PII_HMAC_KEY_ID: data.lookupHmacKey.keyArn,
        CURSOR_HMAC_KEY_ID: data.cursorHmacKey.keyArn,
        DOCUMENTS_BUCKET: data.documentsBucket.bucketName,
        ...data.proofEnvironment(),
        IDENTITY_VERIFIER_SECRET_ARN: data.identityVerifierSecret.secretArn,
      },
      // Identity checks read the provider's settings through AWS's extension (a loopback HTTP
      // cache), so the function carries no Secrets Manager client; a rotated key is seen in 5 min.
      paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103, {
        cacheSize: 5,
        secretsManagerTtl: Duration.minutes(5),
        logLevel: ParamsAndSecretsLogLevel.WARN,
      }),
    });
    // Tokens the HTTP API's authorizer has not verified (page sessions) are verified in the function
    // against this pool; operators create and delete courts' app clients on it (and on no other pool).
    this.httpFunction.addEnvironment('USER_POOL_ID', this.userPool.userPoolId);
    this.httpFunction.addEnvironment('PEOPLE_CLIENT_IDS', webClient.userPoolClientId);
    this.httpFunction.addEnvironment('COURT_TOKEN_ENDPOINT', `${domain.baseUrl()}/oauth2/token`);
    this.httpFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient'],
        resources: [this.userPool.userPoolArn],
      }),
    );
    data.grantTableReadWrite(this.httpFunction);
    // Proofs of service are checked against the checkpoints and signed (GET /v1/services/{id}/proof).
    data.grantProofReading(this.httpFunction);
    data.grantPiiProtection(this.httpFunction);
    data.grantCursorSigning(this.httpFunction);
    // Joining and consent ask the identity provider (DESIGN.md, Identity assurance).
    data.grantIdentityVerifierSettings(this.httpFunction);
    // POST /v1/services stores the served document before its workflow may send (see request-service.ts),
    // and recording a settlement stores its canonical document.
    data.grantServedDocuments(this.httpFunction);
    // It presigns the clients' uploads (a court's ruling, large documents to serve) and checks them.
    data.grantDocumentUploads(this.httpFunction);
    if (this.httpFunction.role) {
      for (const acknowledgement of [...data.servedDocumentsNagIds(), data.uploadsNagId(), data.checkpointNagId()]) {
        Validations.of(this.httpFunction.role).acknowledge(acknowledgement);
      }
    }

    // One invoke permission for the whole API: one per route would outgrow the function's
    // resource policy (20 KB) at this many routes.
    const integration = new HttpLambdaIntegration('HttpIntegration', this.httpFunction, {
      scopePermissionToRoute: false,
    });
    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', this.userPool, {
      userPoolClients: [webClient, ...courtClients],
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Dispute resolution and electronic service platform, v1',
      createDefaultStage: false,
      // No `$default` route: a request for a route the table does not declare is answered 404 by
      // API Gateway and never reaches the function.
    });
    this.addDeclaredRoutes(integration, authorizer);

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const customDomain = props.customDomain ? this.customDomain(props.customDomain) : undefined;
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      ...(customDomain ? { domainMapping: { domainName: customDomain } } : {}),
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // The route key, never the path: paths of public pages carry link tokens.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            protocol: '$context.protocol',
          }),
        ),
      },
    });
    // The `$default` stage is served at the API's endpoint itself (no stage path, no trailing slash).
    this.apiUrl = customDomain ? `https://${props.customDomain?.domainName}` : this.httpApi.apiEndpoint;
    // Join and signing links built by HTTP routes: the one given, the custom domain, or the API's own URL.
    this.publicBaseUrl = props.publicBaseUrl ?? this.apiUrl;
    this.httpFunction.addEnvironment('PUBLIC_BASE_URL', this.publicBaseUrl);

    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'WebClientId', { value: webClient.userPoolClientId });
    new CfnOutput(this, 'TokenEndpoint', {
      description: 'Courts obtain client-credentials tokens here (scope platform/court)',
      value: `${domain.baseUrl()}/oauth2/token`,
    });
  }

  /**
   * Every route of the route table (functions/http/route-table.ts), declared once each: bearer
   * routes behind the JWT authorizer, public routes and pages (their own cookie session) without.
   */
  private addDeclaredRoutes(integration: HttpLambdaIntegration, authorizer: HttpUserPoolAuthorizer): void {
    const noAuthorizer = new HttpNoneAuthorizer();
    for (const route of routeTable) {
      const created = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer: verifiedAtGateway(route) ? authorizer : noAuthorizer,
      });
      if (verifiedAtGateway(route)) continue;
      for (const unauthorized of created) {
        Validations.of(unauthorized).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            route.access === 'bearer'
              ? `${route.path} is called by courts, whose app clients are created at run time and so cannot be in the JWT authorizer's audience: the function verifies the token (aws-jwt-verify) and the client against the roster (route-table.ts).`
              : route.access === 'page'
                ? `${route.path} is a staff page: it verifies its own cookie session in the function (route-table.ts).`
                : `${route.path} is public by design (route-table.ts): health, the API description, or a page ` +
                  'reached from a link in a message that checks the link token and a code itself.',
        });
      }
    }
  }

  /** The custom domain (regional endpoint, TLS 1.2) and where its DNS record must point. */
  private customDomain(custom: NonNullable<ApiStackProps['customDomain']>): DomainName {
    const domain = new DomainName(this, 'CustomDomain', {
      domainName: custom.domainName,
      certificate: Certificate.fromCertificateArn(this, 'CustomDomainCertificate', custom.certificateArn),
    });
    new CfnOutput(this, 'CustomDomainTarget', {
      description: `point ${custom.domainName} here (CNAME, or a Route 53 alias with the hosted zone below)`,
      value: domain.regionalDomainName,
    });
    new CfnOutput(this, 'CustomDomainHostedZoneId', { value: domain.regionalHostedZoneId });
    return domain;
  }

  private cognitoEmail(mail: ApiStackProps['mail']): UserPoolEmail | undefined {
    if (mail === undefined) return undefined;
    if (Token.isUnresolved(this.region)) {
      throw new Error(
        'Cognito mail through SES needs the stack pinned to a region (-c region=...): Cognito names the SES region',
      );
    }
    return UserPoolEmail.withSES({
      fromEmail: mail.fromAddress,
      sesRegion: this.region,
      sesVerifiedDomain: mail.fromAddress.slice(mail.fromAddress.lastIndexOf('@') + 1),
      configurationSetName: mail.configurationSetName,
    });
  }
}
