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
import { UserPoolEmail } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { apiDocumentFile, apiDocumentWriter } from '../../functions/http/openapi/document-file';
import { type RouteGroup, type RouteGroupName, routeGroupOf, routeGroups } from '../../functions/http/route-groups';
import { type RouteDeclaration, routeTable, verifiedAtGateway } from '../../functions/http/route-table';
import type { Role } from '../../shared/domain/principal';
import { CourtUserPool } from '../constructs/court-user-pool';
import { PartyUserPool, StaffUserPool } from '../constructs/people-pools';
import { PlatformFunction } from '../constructs/platform-function';
import { PlatformContextError } from '../context-error';
import type { DataStack } from './data-stack';

export interface ApiStackProps extends StackProps {
  data: DataStack;
  /**
   * Prefix of the three Cognito domains (unique per region): `<prefix>-parties` and `<prefix>-staff`
   * serve the managed-login pages, `<prefix>-courts` the courts' token endpoint.
   */
  cognitoDomainPrefix: string;
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

/** The route groups whose routes store or read documents in the documents bucket (their entry points compose S3). */
const documentGroups: readonly RouteGroupName[] = ['links', 'party', 'staff', 'mediation', 'service', 'confirmation'];

/** The route groups whose routes presign uploads and check what arrived (large documents to serve, courts' rulings). */
const uploadGroups: readonly RouteGroupName[] = ['service', 'confirmation'];

/**
 * The platform function's bundling step that writes the API description next to its bundle
 * (functions/http/openapi/write-document.ts), from the app that serves every route.
 */
export function writeApiDocument(outputDir: string): string[] {
  return [`node --import tsx ${apiDocumentWriter} "${outputDir}/${apiDocumentFile}"`];
}

/** `mediation` → `Mediation`, for construct ids. */
function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The roles whose people sign in through the staff pool; parties sign in through their own. */
const staffRoles: readonly Role[] = ['mediator', 'operator'];

/**
 * The user pool whose JWT authorizer API Gateway runs on a route, if any. An HTTP API JWT
 * authorizer trusts one issuer, and each pool is an issuer: a route only parties may call is
 * checked against the parties' pool, one only staff may call against the staff pool. A route open
 * to both (or to courts, see `verifiedAtGateway`) has no authorizer at the gateway: the function
 * verifies the token itself, against every pool (aws-jwt-verify), before the route's role check.
 */
export function gatewayPoolOf(route: RouteDeclaration): 'parties' | 'staff' | undefined {
  if (route.access !== 'bearer' || !verifiedAtGateway(route)) return undefined;
  if (route.roles.every((role) => role === 'party')) return 'parties';
  if (route.roles.every((role) => staffRoles.includes(role))) return 'staff';
  return undefined;
}

/**
 * The HTTP API: Cognito for people (the parties' pool, passwordless; the staff pool, password and
 * TOTP) and courts (a pool of client-credentials app clients only), a JWT authorizer per people
 * pool on the routes only that pool's people may call, and the Hono app behind every route. The
 * function only reads and writes the table (and protects ID numbers); side effects run in the
 * outbox consumer (DESIGN.md).
 */
export class ApiStack extends Stack {
  public readonly httpApi: HttpApi;
  public readonly parties: PartyUserPool;
  public readonly staff: StaffUserPool;
  public readonly courts: CourtUserPool;
  /** Where the API and its pages are reached: the custom domain, or the execute-api URL. */
  public readonly apiUrl: string;
  /** Base URL of links in messages (props.publicBaseUrl, or else `apiUrl`). */
  public readonly publicBaseUrl: string;
  /** The HTTP API's functions, one per route group (functions/http/route-groups.ts). */
  public readonly httpFunctions: Record<RouteGroupName, PlatformFunction>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { data } = props;

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Dispute resolution and electronic service platform, v1',
      createDefaultStage: false,
      // No `$default` route: a request for a route the table does not declare is answered 404 by
      // API Gateway and never reaches the function.
    });
    const customDomain = props.customDomain ? this.customDomain(props.customDomain) : undefined;
    // The `$default` stage is served at the API's endpoint itself (no stage path, no trailing slash).
    this.apiUrl = customDomain ? `https://${props.customDomain?.domainName}` : this.httpApi.apiEndpoint;
    // Links and sign-in returns: the one given, the custom domain, or the API's own URL.
    this.publicBaseUrl = props.publicBaseUrl ?? this.apiUrl;

    const prefixes = cognitoDomainPrefixes(props.cognitoDomainPrefix);
    const email = this.cognitoEmail(props.mail);
    this.parties = new PartyUserPool(this, 'Parties', {
      domainPrefix: prefixes.parties,
      publicBaseUrl: this.publicBaseUrl,
      email,
    });
    this.staff = new StaffUserPool(this, 'Staff', {
      domainPrefix: prefixes.staff,
      publicBaseUrl: this.publicBaseUrl,
      email,
    });
    this.courts = new CourtUserPool(this, 'Courts', { domainPrefix: prefixes.courts });
    for (const court of props.courts) this.courts.addCourtClient(court);

    this.httpFunctions = Object.fromEntries(
      routeGroups.map((group) => [group.name, this.groupFunction(group, data)]),
    ) as Record<RouteGroupName, PlatformFunction>;

    // One invoke permission per function for all its routes: one per route would outgrow a
    // function's resource policy (20 KB) at this many routes.
    const integrations = Object.fromEntries(
      routeGroups.map((group) => [
        group.name,
        new HttpLambdaIntegration(`Http${pascal(group.name)}Integration`, this.httpFunctions[group.name], {
          scopePermissionToRoute: false,
        }),
      ]),
    ) as Record<RouteGroupName, HttpLambdaIntegration>;
    // One JWT authorizer per people pool, each trusting that pool's pages' client only.
    const authorizers = {
      parties: new HttpUserPoolAuthorizer('PartiesAuthorizer', this.parties.pool, {
        userPoolClients: [this.parties.client],
      }),
      staff: new HttpUserPoolAuthorizer('StaffAuthorizer', this.staff.pool, {
        userPoolClients: [this.staff.client],
      }),
    };
    this.addDeclaredRoutes(integrations, authorizers);

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
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
    for (const fn of Object.values(this.httpFunctions)) fn.addEnvironment('PUBLIC_BASE_URL', this.publicBaseUrl);

    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl });
    new CfnOutput(this, 'PartyUserPoolId', {
      description: 'Parties sign up and sign in here (one-time code); nothing to create by hand',
      value: this.parties.pool.userPoolId,
    });
    new CfnOutput(this, 'StaffUserPoolId', {
      description: 'Create mediators and operators here (admin-create-user, then admin-add-user-to-group)',
      value: this.staff.pool.userPoolId,
    });
    new CfnOutput(this, 'CourtUserPoolId', { value: this.courts.pool.userPoolId });
    new CfnOutput(this, 'TokenEndpoint', {
      description: 'Courts obtain client-credentials tokens here (scope platform/court)',
      value: this.courts.tokenEndpoint,
    });
  }

  /**
   * A route group's function, with what its routes use and no more (the entry points in
   * functions/http/groups/ compose the same): every group but the platform's reads and writes the
   * table, protects ID numbers, signs cursors and sessions, verifies tokens and asks the identity
   * provider; the groups in `documentGroups` store and read documents, those in `uploadGroups`
   * presign uploads too; the service API alone signs
   * proofs and reads checkpoints; the roster API alone manages courts' app clients. The platform's
   * describes the table (health) and publishes the proof key's public half.
   */
  private groupFunction(group: RouteGroup, data: DataStack): PlatformFunction {
    const platform = group.name === 'platform';
    const fn = new PlatformFunction(this, `HttpFunction${pascal(group.name)}`, {
      entry: group.entry,
      description: group.description,
      environment: {
        TABLE_NAME: data.table.tableName,
        ...(platform
          ? { PROOF_KEY_ID: data.proofKey.keyArn }
          : {
              PII_KMS_KEY_ID: data.personalDataKey.keyArn,
              PII_HMAC_KEY_ID: data.lookupHmacKey.keyArn,
              CURSOR_HMAC_KEY_ID: data.cursorHmacKey.keyArn,
              IDENTITY_VERIFIER_SECRET_ARN: data.identityVerifierSecret.secretArn,
            }),
        ...(documentGroups.includes(group.name) ? { DOCUMENTS_BUCKET: data.documentsBucket.bucketName } : {}),
        ...(group.name === 'service' ? data.proofEnvironment() : {}),
      },
      // Identity checks read the provider's settings through AWS's extension (a loopback HTTP
      // cache), so the function carries no Secrets Manager client; a rotated key is seen in 5 min.
      ...(platform
        ? {}
        : {
            paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103, {
              cacheSize: 5,
              secretsManagerTtl: Duration.minutes(5),
              logLevel: ParamsAndSecretsLogLevel.WARN,
            }),
          }),
      // The API description is built with the bundle, from the app that serves every route.
      ...(platform ? { afterBundling: writeApiDocument } : {}),
    });
    data.grantTableReadWrite(fn);
    const acknowledgements: Array<{ id: string; reason: string }> = [];
    if (platform) {
      data.grantProofKeyPublishing(fn);
    } else {
      this.addPoolSettings(fn, group.name);
      data.grantPiiProtection(fn);
      data.grantCursorSigning(fn);
      // Joining and consent ask the identity provider (DESIGN.md, Identity assurance).
      data.grantIdentityVerifierSettings(fn);
    }
    if (documentGroups.includes(group.name)) {
      // Served documents are stored before their workflow may send (see request-service.ts), recording
      // a settlement stores its canonical document, and pages and courts read them back.
      data.grantServedDocuments(fn);
      acknowledgements.push(...data.servedDocumentsNagIds());
    }
    if (uploadGroups.includes(group.name)) {
      // Presigned uploads (a court's ruling, large documents to serve), checked once they arrive.
      data.grantDocumentUploads(fn);
      acknowledgements.push(data.uploadsNagId());
    }
    if (group.name === 'service') {
      // Proofs of service are checked against the checkpoints and signed (GET /v1/services/{id}/proof).
      data.grantProofReading(fn);
      acknowledgements.push(data.checkpointNagId());
    }
    if (fn.role) {
      for (const acknowledgement of acknowledgements) Validations.of(fn.role).acknowledge(acknowledgement);
    }
    return fn;
  }

  /**
   * What an HTTP function knows of the pools. It verifies the tokens API Gateway has not verified
   * (page sessions, routes open to parties and staff, courts' routes) against all three and runs the
   * managed-login code flow against the people pools' domains. The roster API and the staff pages
   * (the operator's roster pages) create and delete courts' app clients on the courts' pool and
   * create mediators' sign-ins on the staff pool, and touch no other pool.
   */
  private addPoolSettings(fn: PlatformFunction, group: RouteGroupName): void {
    const settings: Record<string, string> = {
      PARTY_USER_POOL_ID: this.parties.pool.userPoolId,
      PARTY_CLIENT_ID: this.parties.client.userPoolClientId,
      PARTY_AUTH_DOMAIN: this.parties.authDomainUrl,
      STAFF_USER_POOL_ID: this.staff.pool.userPoolId,
      STAFF_CLIENT_ID: this.staff.client.userPoolClientId,
      STAFF_AUTH_DOMAIN: this.staff.authDomainUrl,
      COURT_USER_POOL_ID: this.courts.pool.userPoolId,
      COURT_TOKEN_ENDPOINT: this.courts.tokenEndpoint,
    };
    for (const [name, value] of Object.entries(settings)) fn.addEnvironment(name, value);
    if (group !== 'roster' && group !== 'staff') return;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient'],
        resources: [this.courts.pool.userPoolArn],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminListGroupsForUser',
          'cognito-idp:AdminAddUserToGroup',
        ],
        resources: [this.staff.pool.userPoolArn],
      }),
    );
  }

  /**
   * Every route of the route table (functions/http/route-table.ts), declared once each, to its route
   * group's function (`routeGroupOf`): behind the JWT authorizer of the one pool whose people may
   * call it (`gatewayPoolOf`), or without one.
   */
  private addDeclaredRoutes(
    integrations: Record<RouteGroupName, HttpLambdaIntegration>,
    authorizers: Record<'parties' | 'staff', HttpUserPoolAuthorizer>,
  ): void {
    const noAuthorizer = new HttpNoneAuthorizer();
    for (const route of routeTable) {
      const pool = gatewayPoolOf(route);
      const created = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations[routeGroupOf(route).name],
        authorizer: pool === undefined ? noAuthorizer : authorizers[pool],
      });
      if (pool !== undefined) continue;
      for (const unauthorized of created) {
        Validations.of(unauthorized).acknowledge({ id: 'AwsSolutions-APIG4', reason: whyNoGatewayAuthorizer(route) });
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

/** Why a route has no authorizer at the gateway (cdk-nag AwsSolutions-APIG4). */
function whyNoGatewayAuthorizer(route: RouteDeclaration): string {
  if (route.access !== 'bearer') {
    return route.access === 'page'
      ? `${route.path} is a staff page: it verifies its own cookie session in the function (route-table.ts).`
      : `${route.path} is public by design (route-table.ts): health, the API description, or a page ` +
          'reached from a link in a message that checks the link token and a code itself.';
  }
  if (route.roles.includes('court')) {
    return `${route.path} is called by courts, whose app clients are created at run time and so cannot be in a JWT authorizer's audience: the function verifies the token (aws-jwt-verify) and the client against the roster (route-table.ts).`;
  }
  return `${route.path} is open to parties and staff, who sign in through two user pools, and an HTTP API JWT authorizer trusts one issuer: the function verifies the token against both pools (aws-jwt-verify) and then the route's roles (route-table.ts).`;
}

/**
 * The Cognito domain prefixes of the three pools. Cognito takes lowercase letters, digits and
 * hyphens, at most 63 characters, never the words aws, amazon or cognito.
 */
export function cognitoDomainPrefixes(prefix: string): Record<'parties' | 'staff' | 'courts', string> {
  const prefixes = { parties: `${prefix}-parties`, staff: `${prefix}-staff`, courts: `${prefix}-courts` };
  const longest = prefixes.parties;
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(prefix) || longest.length > 63 || /aws|amazon|cognito/.test(prefix)) {
    throw new PlatformContextError(
      `context cognitoDomainPrefix "${prefix}" cannot name Cognito domains: lowercase letters, digits and hyphens, ` +
        `at most ${63 - '-parties'.length} characters, without "aws", "amazon" or "cognito" ` +
        `(the pools' domains are ${prefixes.parties}, ${prefixes.staff} and ${prefixes.courts})`,
    );
  }
  return prefixes;
}
