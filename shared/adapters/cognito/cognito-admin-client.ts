import type { CognitoIdentityProviderClientConfig } from '@aws-sdk/client-cognito-identity-provider';

type CognitoAdminSdk = typeof import('./cognito-admin-sdk');

export interface CognitoAdmin {
  module: CognitoAdminSdk;
  client: InstanceType<CognitoAdminSdk['CognitoIdentityProviderClient']>;
}

/**
 * The Cognito client of an administrative adapter, made at its first use: only operators' rare
 * requests need one, so a cold start neither loads the SDK nor builds the client.
 */
export function lazyCognitoAdmin(clientConfig: CognitoIdentityProviderClientConfig): () => Promise<CognitoAdmin> {
  let loaded: Promise<CognitoAdmin> | undefined;
  return () => {
    loaded ??= import('./cognito-admin-sdk').then((module) => ({
      module,
      client: new module.CognitoIdentityProviderClient(clientConfig),
    }));
    return loaded;
  };
}
