import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledgePoolFindings } from './pool-findings';

/** The OAuth resource server and the scope a court's token must carry (see cognito-claims.ts). */
export const resourceServerIdentifier = 'platform';
export const courtScopeName = 'court';

export interface CourtUserPoolProps {
  /** Prefix of the domain that serves the token endpoint (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  domainPrefix: string;
}

/**
 * Courts' machine access: a pool with no users at all, only client-credentials app clients (one per
 * court) and the `platform/court` scope. Operators create and delete those clients at run time
 * (`POST /v1/courts/{id}/credentials`), so the HTTP function may create app clients here, and on
 * no pool that has people in it: an app client created on a people pool could send its sign-in
 * pages' codes and tokens anywhere. Here there is no one to sign in, so the grant can only ever
 * make court credentials.
 */
export class CourtUserPool extends Construct {
  public readonly pool: UserPool;
  public readonly domain: UserPoolDomain;
  public readonly resourceServer: UserPoolResourceServer;
  public readonly courtScope: ResourceServerScope;
  /** `https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token`. */
  public readonly tokenEndpoint: string;

  constructor(scope: Construct, id: string, props: CourtUserPoolProps) {
    super(scope, id);
    this.pool = new UserPool(this, 'Pool', {
      selfSignUpEnabled: false,
      // Lite: machine-to-machine tokens are priced per client and request whatever the plan, and
      // the plans differ only in what they offer people, of whom this pool has none.
      featurePlan: FeaturePlan.LITE,
      mfa: Mfa.OFF,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.NONE,
      deletionProtection: true,
      // Courts' credentials live here: deleting the stateless stack must not revoke them all.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgePoolFindings(this.pool, {
      noMfa:
        'The courts pool has no users: nobody signs in to it, courts call with client credentials ' +
        '(client-credentials grant), which take no second factor.',
      notPlus:
        'The courts pool has no users, so Plus (threat protection of user sign-ins) would protect nothing: ' +
        'client-credentials token requests are not scored by it.',
    });
    this.courtScope = new ResourceServerScope({
      scopeName: courtScopeName,
      scopeDescription: 'Machine access of a court: confirmation requests, rulings, service of documents',
    });
    this.resourceServer = this.pool.addResourceServer('ResourceServer', {
      identifier: resourceServerIdentifier,
      scopes: [this.courtScope],
    });
    this.domain = this.pool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    this.tokenEndpoint = `${this.domain.baseUrl()}/oauth2/token`;
  }

  /**
   * A court set up at deploy time (context `courts`): its client-credentials app client, its
   * `client_id` in the outputs to record in the roster. Courts onboarded later get theirs at run time.
   */
  addCourtClient(court: string): UserPoolClient {
    const client = this.pool.addClient(`Court-${court}`, {
      userPoolClientName: `court-${court}`,
      generateSecret: true,
      authFlows: {},
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [OAuthScope.resourceServer(this.resourceServer, this.courtScope)],
      },
      accessTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
    });
    // At the stack's top level, so the output keeps the name the README gives (`CourtClientId-<court>`).
    new CfnOutput(Stack.of(this), `CourtClientId-${court}`, {
      description: `client_id of court ${court}: record it in the court roster`,
      value: client.userPoolClientId,
    });
    return client;
  }
}
