import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  type AuthFlow,
  CfnManagedLoginBranding,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
  type UserPoolEmail,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledgePoolFindings } from './pool-findings';

/**
 * People sign in through Cognito's managed login (authorization code flow with PKCE), in two user
 * pools because Cognito sets MFA per pool (DESIGN.md, "Identity" → Sign-in):
 * - `PartyUserPool`: parties, without a password, by a one-time code to their mobile or email; they
 *   sign up themselves, and link the account to their person on first sign-in (in the app);
 * - `StaffUserPool`: mediators and operators, a password and a TOTP app, both required; accounts
 *   are created by an administrator, with the group that is their role.
 * Each has one public app client (the pages'), a managed-login domain and the default branding.
 */
export interface PeoplePoolProps {
  /** Prefix of the pool's managed-login domain (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  domainPrefix: string;
  /** Base of the pages (`https://...`): sign-in returns to `/auth/callback`, sign-out to `/`. */
  publicBaseUrl: string;
  /** Cognito's mail (codes, invitations): the platform sender through SES, or else Cognito's own. */
  email: UserPoolEmail | undefined;
}

/** What the HTTP function and API Gateway need of a people pool. */
export interface PeoplePool {
  readonly pool: UserPool;
  /** The pages' app client: public (no secret), authorization code grant. */
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: `/oauth2/authorize`, `/oauth2/token`, `/logout`. */
  readonly authDomainUrl: string;
}

/** Parties: passwordless (one-time code by SMS or email), self sign-up, Essentials plan. */
export class PartyUserPool extends Construct implements PeoplePool {
  public readonly pool: UserPool;
  public readonly client: UserPoolClient;
  public readonly domain: UserPoolDomain;
  public readonly authDomainUrl: string;

  constructor(scope: Construct, id: string, props: PeoplePoolProps) {
    super(scope, id);
    this.pool = new UserPool(this, 'Pool', {
      // Anyone may file a dispute or answer an invitation; who they are is proven afterwards, when
      // the first sign-in links the account to a person through the identity check.
      selfSignUpEnabled: true,
      // The mobile or the email is the user name: no name to invent, and the code goes there.
      signInAliases: { phone: true, email: true },
      autoVerify: { phone: true, email: true },
      signInCaseSensitive: false,
      // A changed mobile or email counts only once its code was entered: until then the verified
      // one stays the sign-in, so a stolen session cannot move the account to another phone.
      keepOriginal: { phone: true, email: true },
      // Choice-based sign-in needs Essentials or Plus (see the COG8 acknowledgement for why not Plus).
      featurePlan: FeaturePlan.ESSENTIALS,
      signInPolicy: {
        allowedFirstAuthFactors: {
          // Cognito keeps password as a first factor (aws-cdk-lib refuses to turn it off); parties
          // sign up without one, and one set later must meet the policy below.
          password: true,
          smsOtp: true,
          // Email codes are sent with the pool's SES configuration: Cognito's own sender (50 mails a
          // day) cannot carry sign-in codes, so email one-time codes come with `cognitoEmail=ses`.
          emailOtp: props.email !== undefined,
        },
      },
      // Cognito offers no passwordless first factor in a pool that requires MFA: the code is the factor.
      mfa: Mfa.OFF,
      passwordPolicy: strongPasswordPolicy,
      accountRecovery: AccountRecovery.PHONE_WITHOUT_MFA_AND_EMAIL,
      email: props.email,
      deletionProtection: true,
      // The pool holds every party's account; deleting the stateless stack must not delete people.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgePoolFindings(this.pool, {
      noMfa:
        'Parties sign in without a password: the one-time code sent to the verified mobile or email is the ' +
        'factor, and Cognito offers no passwordless sign-in in a pool that requires MFA.',
      notPlus:
        'Essentials is the plan for choice-based (passwordless) sign-in. Plus adds threat protection, which ' +
        'scores passwords that parties do not have, at a price per monthly active party without a free tier.',
    });
    const smsRole = this.pool.node.tryFindChild('smsRole');
    if (smsRole !== undefined) {
      Validations.of(smsRole).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Cognito sends sign-in and verification codes with sns:Publish to phone numbers, which have no ARN.',
      });
    }
    const signIn = managedLogin(this, this.pool, {
      ...props,
      authFlows: { user: true },
      scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PHONE],
    });
    this.client = signIn.client;
    this.domain = signIn.domain;
    this.authDomainUrl = signIn.authDomainUrl;
  }
}

/** The groups a staff account belongs to: its role. */
export const staffGroups = ['mediator', 'operator'] as const;

/** Mediators and operators: password plus TOTP, both required; no self sign-up; Plus plan. */
export class StaffUserPool extends Construct implements PeoplePool {
  public readonly pool: UserPool;
  public readonly client: UserPoolClient;
  public readonly domain: UserPoolDomain;
  public readonly authDomainUrl: string;

  constructor(scope: Construct, id: string, props: PeoplePoolProps) {
    super(scope, id);
    this.pool = new UserPool(this, 'Pool', {
      // Staff accounts are created by an administrator (admin-create-user), with their group.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      signInCaseSensitive: false,
      keepOriginal: { email: true },
      passwordPolicy: { ...strongPasswordPolicy, minLength: 14, passwordHistorySize: 12 },
      // Staff see the personal data of many people: a second factor always, from an authenticator
      // app. No SMS: a code by SMS falls to SIM swapping, and the pool then needs no SNS role.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // A lost password is reset by email; a lost authenticator by an administrator.
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection blocks sign-ins with leaked passwords and risky sign-ins. Priced per
      // monthly active user, and staff are few (tens to hundreds), so it costs little.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      email: props.email,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of staffGroups) {
      this.pool.addGroup(`${group[0]?.toUpperCase()}${group.slice(1)}Group`, { groupName: group });
    }
    const signIn = managedLogin(this, this.pool, {
      ...props,
      authFlows: { userSrp: true },
      scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
    });
    this.client = signIn.client;
    this.domain = signIn.domain;
    this.authDomainUrl = signIn.authDomainUrl;
  }
}

/** At least 12 characters of four kinds (cdk-nag AwsSolutions-COG1 asks for 8). */
const strongPasswordPolicy = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  tempPasswordValidity: Duration.days(3),
};

/**
 * The pages' app client, the managed-login domain (version 2: passwordless sign-in exists only
 * there) and Cognito's default branding for the client (managed login shows no page for a client
 * without a style).
 */
function managedLogin(
  scope: Construct,
  pool: UserPool,
  options: PeoplePoolProps & { authFlows: AuthFlow; scopes: OAuthScope[] },
): Omit<PeoplePool, 'pool'> {
  const client = pool.addClient('WebClient', {
    // A public client: the secret would sit in the pages' Lambda as well as anywhere else; PKCE
    // (the app sends an S256 code challenge on every sign-in) binds the code to the one who asked.
    generateSecret: false,
    authFlows: options.authFlows,
    oAuth: {
      flows: { authorizationCodeGrant: true },
      scopes: options.scopes,
      callbackUrls: [`${options.publicBaseUrl}/auth/callback`],
      // Sign-out ends the managed login's session too, then lands here (functions/http/routes/auth.ts).
      logoutUrls: [`${options.publicBaseUrl}/auth/signed-out`],
    },
    preventUserExistenceErrors: true,
    accessTokenValidity: Duration.hours(1),
    idTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.days(30),
    // Sign-out revokes the refresh token (and the access tokens issued from it).
    enableTokenRevocation: true,
  });
  const domain = pool.addDomain('Domain', {
    cognitoDomain: { domainPrefix: options.domainPrefix },
    managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
  });
  const branding = new CfnManagedLoginBranding(scope, 'Branding', {
    userPoolId: pool.userPoolId,
    clientId: client.userPoolClientId,
    useCognitoProvidedValues: true,
  });
  branding.node.addDependency(domain);
  return { client, domain, authDomainUrl: domain.baseUrl() };
}
