import type { CognitoIdentityProviderClientConfig } from '@aws-sdk/client-cognito-identity-provider';
import type { CourtCredentials, IssuedClient } from '../../ports/court-credentials';
import { lazyCognitoAdmin } from './cognito-admin-client';

export interface CognitoCourtCredentialsOptions {
  clientConfig: CognitoIdentityProviderClientConfig;
  userPoolId: string;
  /** The resource server scope a court's token carries (`platform/court`). */
  scope: string;
  /** Lifetime of a court's access token; Cognito's default is an hour. */
  accessTokenMinutes?: number;
}

/**
 * Courts' credentials as Cognito app clients: one per court, with a generated secret, the
 * client-credentials grant and the court scope only. The SDK is loaded at the first use
 * (cognito-admin-client.ts); the bundle grows by about 100 KB all the same (the client's schemas
 * and endpoint rules are not split per command).
 */
export class CognitoCourtCredentials implements CourtCredentials {
  private readonly load: ReturnType<typeof lazyCognitoAdmin>;

  constructor(private readonly options: CognitoCourtCredentialsOptions) {
    this.load = lazyCognitoAdmin(options.clientConfig);
  }

  async createClient(name: string): Promise<IssuedClient> {
    const { module, client } = await this.load();
    const created = await client.send(
      new module.CreateUserPoolClientCommand({
        UserPoolId: this.options.userPoolId,
        ClientName: name.slice(0, 128),
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: [this.options.scope],
        // No sign-in of users through this client: it is a machine's.
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        AccessTokenValidity: this.options.accessTokenMinutes ?? 60,
        TokenValidityUnits: { AccessToken: 'minutes' },
        EnableTokenRevocation: true,
        PreventUserExistenceErrors: 'ENABLED',
      }),
    );
    const clientId = created.UserPoolClient?.ClientId;
    const clientSecret = created.UserPoolClient?.ClientSecret;
    if (!clientId || !clientSecret) throw new Error('Cognito created an app client without an id or a secret');
    return { clientId, clientSecret };
  }

  async deleteClient(clientId: string): Promise<void> {
    const { module, client } = await this.load();
    try {
      await client.send(
        new module.DeleteUserPoolClientCommand({ UserPoolId: this.options.userPoolId, ClientId: clientId }),
      );
    } catch (error) {
      // Already gone (a retry after a partial failure): deleting is idempotent.
      if (error instanceof module.ResourceNotFoundException) return;
      throw error;
    }
  }
}
