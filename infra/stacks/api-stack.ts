import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
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
import {
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
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
  /** Public base URL for links, when the API sits behind a custom domain. */
  publicBaseUrl?: string;
  /**
   * The platform's SES sender, for Cognito's own mail (codes, invitations). Used when the stack's
   * region is known: Cognito needs the SES region, and its built-in sender allows 50 mails a day.
   */
  mail?: { fromAddress: string; configurationSetName: string };
  /** Steady-state request rate and burst allowed on the stage. */
  throttle?: { rateLimit: number; burstLimit: number };
}

/** The OAuth resource server and the scope a court's token must carry (see cognito-claims.ts). */
const resourceServerIdentifier = 'platform';
const courtScopeName = 'court';

/** Routes anyone may call: pages reached from links in messages, the API description, health. */
const publicRoutes: ReadonlyArray<{ path: string; methods: HttpMethod[] }> = [
  { path: '/health', methods: [HttpMethod.GET] },
  // The proof key's public half: a court verifies a proof of service offline without an account.
  { path: '/proof-key', methods: [HttpMethod.GET] },
  { path: '/openapi.json', methods: [HttpMethod.GET] },
  { path: '/docs', methods: [HttpMethod.GET] },
  // Join page: a respondent proves who they are with the code from the invitation.
  { path: '/join/{proxy+}', methods: [HttpMethod.GET, HttpMethod.POST] },
  // The same page under the one-letter path that invitation messages use (short enough for an SMS).
  { path: '/j/{proxy+}', methods: [HttpMethod.GET, HttpMethod.POST] },
  // Signing page: a party reads the settlement and signs with the code from the message.
  { path: '/s/{proxy+}', methods: [HttpMethod.GET, HttpMethod.POST] },
  // Service portal: a recipient checks identity, reads the document and signs for it.
  { path: '/r/{proxy+}', methods: [HttpMethod.GET, HttpMethod.POST] },
  { path: '/verify', methods: [HttpMethod.GET] },
  // Service centre pages: operators sign in on the page (a cookie the page itself verifies).
  { path: '/service-centre', methods: [HttpMethod.GET] },
  { path: '/service-centre/{proxy+}', methods: [HttpMethod.POST] },
];

/**
 * The HTTP API: Cognito for people (groups party, mediator, operator) and courts (one
 * client-credentials app client each), a JWT authorizer on the catch-all route, and the Hono app
 * behind every route. The function only reads and writes the table (and protects ID numbers);
 * side effects run in the outbox consumer (DESIGN.md).
 */
export class ApiStack extends Stack {
  public readonly httpApi: HttpApi;
  public readonly userPool: UserPool;
  public readonly apiUrl: string;
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
    if (this.httpFunction.role) {
      for (const acknowledgement of [...data.servedDocumentsNagIds(), data.checkpointNagId()]) {
        Validations.of(this.httpFunction.role).acknowledge(acknowledgement);
      }
    }

    const integration = new HttpLambdaIntegration('HttpIntegration', this.httpFunction);
    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', this.userPool, {
      userPoolClients: [webClient, ...courtClients],
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Dispute resolution and electronic service platform, v1',
      createDefaultStage: false,
      // `$default`: every route not listed below needs a valid token; the app then checks roles.
      defaultIntegration: integration,
      defaultAuthorizer: authorizer,
    });
    const noAuthorizer = new HttpNoneAuthorizer();
    for (const route of publicRoutes) {
      const created = this.httpApi.addRoutes({
        path: route.path,
        methods: route.methods,
        integration,
        authorizer: noAuthorizer,
      });
      for (const publicRoute of created) {
        Validations.of(publicRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            `${route.path} is public by design (DESIGN.md API table): health, the API description, or a page ` +
            'reached from a link in a message that checks the link token and a code itself.',
        });
      }
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
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
    this.apiUrl = this.httpApi.apiEndpoint;
    // Join and signing links built by HTTP routes: the custom domain, or the API's own URL.
    this.httpFunction.addEnvironment('PUBLIC_BASE_URL', props.publicBaseUrl ?? this.apiUrl);

    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'WebClientId', { value: webClient.userPoolClientId });
    new CfnOutput(this, 'TokenEndpoint', {
      description: 'Courts obtain client-credentials tokens here (scope platform/court)',
      value: `${domain.baseUrl()}/oauth2/token`,
    });
  }

  private cognitoEmail(mail: ApiStackProps['mail']): UserPoolEmail | undefined {
    if (mail === undefined || Token.isUnresolved(this.region)) return undefined;
    return UserPoolEmail.withSES({
      fromEmail: mail.fromAddress,
      sesRegion: this.region,
      sesVerifiedDomain: mail.fromAddress.slice(mail.fromAddress.lastIndexOf('@') + 1),
      configurationSetName: mail.configurationSetName,
    });
  }
}
