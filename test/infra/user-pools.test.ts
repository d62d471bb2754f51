import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PlatformContextError } from '../../infra/context-error';
import { type ResourceJson, resourcesOfType, type SynthesizedPlatform, synthPlatform } from './synth-platform';

/** The one resource of `type` whose logical id starts with `prefix` (`PartiesPool`, `StaffPoolWebClient`, ...). */
function resourceNamed(template: Template, type: string, prefix: string): ResourceJson & { id: string } {
  const found = Object.entries(resourcesOfType(template, type)).filter(([id]) => id.startsWith(prefix));
  const [first] = found;
  if (found.length !== 1 || first === undefined)
    throw new Error(`expected one ${type} ${prefix}…, found ${found.length}`);
  return { id: first[0], ...first[1] };
}

describe('people sign in through two user pools (DESIGN.md, Identity → Sign-in)', () => {
  let synthesized: SynthesizedPlatform;
  beforeAll(() => {
    synthesized = synthPlatform({ publicBaseUrl: 'https://odr.example.cn' });
  });

  const pool = (prefix: string) => resourceNamed(synthesized.templates.api, 'AWS::Cognito::UserPool', prefix);
  const client = (prefix: string) => resourceNamed(synthesized.templates.api, 'AWS::Cognito::UserPoolClient', prefix);

  describe("the parties' pool", () => {
    it('signs parties in by a one-time code to their mobile, without a password to remember or a second factor', () => {
      const { Properties } = pool('PartiesPool');

      expect(Properties.Policies).toMatchObject({ SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'SMS_OTP'] } });
      // Choice-based sign-in exists from Essentials up; Cognito offers it in no pool requiring MFA.
      expect(Properties.UserPoolTier).toBe('ESSENTIALS');
      expect(Properties.MfaConfiguration).toBe('OFF');
      expect(Properties.UsernameAttributes).toEqual(['email', 'phone_number']);
      expect(Properties.AutoVerifiedAttributes).toEqual(['email', 'phone_number']);
    });

    it('lets parties sign up themselves', () => {
      expect(pool('PartiesPool').Properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: false });
    });

    it('keeps a changed mobile or email unused until its code was entered', () => {
      expect(pool('PartiesPool').Properties.UserAttributeUpdateSettings).toEqual({
        AttributesRequireVerificationBeforeUpdate: ['email', 'phone_number'],
      });
    });

    it('is kept when the stack goes, and cannot be deleted by accident', () => {
      const resources = synthesized.templates.api.findResources('AWS::Cognito::UserPool');
      for (const prefix of ['PartiesPool', 'StaffPool', 'CourtsPool']) {
        const [id, resource] = Object.entries(resources).find(([key]) => key.startsWith(prefix)) ?? [];
        expect(resource?.DeletionPolicy, id).toBe('Retain');
        expect(resource?.Properties.DeletionProtection, id).toBe('ACTIVE');
      }
    });
  });

  describe('the staff pool', () => {
    it('requires a password and a TOTP app, and offers no SMS second factor', () => {
      const { Properties } = pool('StaffPool');

      expect(Properties.MfaConfiguration).toBe('ON');
      expect(Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
      expect(Properties.Policies).toEqual({
        PasswordPolicy: expect.objectContaining({
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      });
      // No SMS anywhere in the pool: no role to publish SMS with.
      expect(Properties.SmsConfiguration).toBeUndefined();
    });

    it('has no self sign-up: an administrator creates each account', () => {
      expect(pool('StaffPool').Properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    });

    it('blocks risky sign-ins and leaked passwords (Plus, threat protection enforced)', () => {
      const { Properties } = pool('StaffPool');

      expect(Properties.UserPoolTier).toBe('PLUS');
      expect(Properties.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    });
  });

  describe("the pages' app clients", () => {
    it.each(['PartiesPoolWebClient', 'StaffPoolWebClient'])(
      '%s: a public client with the code grant, returning to /auth/callback on publicBaseUrl',
      (prefix) => {
        const { Properties } = client(prefix);

        expect(Properties.GenerateSecret).toBe(false);
        expect(Properties.AllowedOAuthFlows).toEqual(['code']);
        expect(Properties.AllowedOAuthFlowsUserPoolClient).toBe(true);
        expect(Properties.CallbackURLs).toEqual(['https://odr.example.cn/auth/callback']);
        expect(Properties.LogoutURLs).toEqual(['https://odr.example.cn/auth/signed-out']);
        expect(Properties.SupportedIdentityProviders).toEqual(['COGNITO']);
      },
    );

    it.each(['PartiesPoolWebClient', 'StaffPoolWebClient'])(
      '%s: access tokens for an hour, refresh for 30 days, revocable, no hint whether an account exists',
      (prefix) => {
        const { Properties } = client(prefix);

        expect(Properties).toMatchObject({
          AccessTokenValidity: 60,
          RefreshTokenValidity: 30 * 24 * 60,
          TokenValidityUnits: { AccessToken: 'minutes', RefreshToken: 'minutes' },
          EnableTokenRevocation: true,
          PreventUserExistenceErrors: 'ENABLED',
        });
      },
    );

    it('asks openid, email and phone of parties, and allows choice-based (passwordless) sign-in', () => {
      const { Properties } = client('PartiesPoolWebClient');

      expect(Properties.AllowedOAuthScopes).toEqual(['openid', 'email', 'phone']);
      expect(Properties.ExplicitAuthFlows).toContain('ALLOW_USER_AUTH');
    });

    it("serves each people pool's sign-in pages from a managed-login (version 2) domain, branded for its client", () => {
      const { api } = synthesized.templates;
      for (const [poolPrefix, clientPrefix, domain] of [
        ['PartiesPool', 'PartiesPoolWebClient', 'dispute-platform-dev-parties'],
        ['StaffPool', 'StaffPoolWebClient', 'dispute-platform-dev-staff'],
      ] as const) {
        const { id: poolId } = pool(poolPrefix);
        api.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
          Domain: domain,
          ManagedLoginVersion: 2,
          UserPoolId: { Ref: poolId },
        });
        api.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
          UserPoolId: { Ref: poolId },
          ClientId: { Ref: client(clientPrefix).id },
          UseCognitoProvidedValues: true,
        });
      }
      api.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'dispute-platform-dev-courts' });
    });

    it("sends no person's sign-in to a courts' client: no code grant outside the two people pools", () => {
      const codeClients = Object.keys(
        synthesized.templates.api.findResources('AWS::Cognito::UserPoolClient', {
          Properties: { AllowedOAuthFlows: Match.arrayWith(['code']) },
        }),
      );

      expect(codeClients.sort()).toEqual([client('PartiesPoolWebClient').id, client('StaffPoolWebClient').id].sort());
    });
  });
});

describe('user pools in other deployments', () => {
  it('adds email one-time codes for parties once Cognito mails through SES', () => {
    const { templates } = synthPlatform({ account: '123456789012', region: 'ap-southeast-1', cognitoEmail: 'ses' });

    const parties = resourceNamed(templates.api, 'AWS::Cognito::UserPool', 'PartiesPool');
    expect(parties.Properties.Policies).toMatchObject({
      SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] },
    });
  });

  it("returns sign-in to the API's own URL when links use it (publicBaseUrl=api)", () => {
    const { templates } = synthPlatform({ publicBaseUrl: 'api' });

    for (const prefix of ['PartiesPoolWebClient', 'StaffPoolWebClient']) {
      const { Properties } = resourceNamed(templates.api, 'AWS::Cognito::UserPoolClient', prefix);
      const [callback] = Properties.CallbackURLs as unknown[];
      expect(JSON.stringify(callback)).toMatch(
        /"Fn::GetAtt":\["HttpApi[0-9A-F]+","ApiEndpoint"\]\},"\/auth\/callback"/,
      );
    }
  });

  it('refuses a Cognito domain prefix Cognito would refuse, naming the three domains', () => {
    for (const cognitoDomainPrefix of ['Platform', 'my-cognito-pages', 'x'.repeat(56), 'trailing-']) {
      expect(() => synthPlatform({ cognitoDomainPrefix }), cognitoDomainPrefix).toThrow(PlatformContextError);
    }
    expect(() => synthPlatform({ cognitoDomainPrefix: 'aws-odr' })).toThrow(
      /cognitoDomainPrefix "aws-odr".*aws-odr-parties, aws-odr-staff and aws-odr-courts/,
    );
  });
});
