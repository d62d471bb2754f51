/**
 * Courts' machine credentials: one OAuth 2.0 client (client-credentials grant, the court scope) per
 * court, created at run time by an operator. In AWS a Cognito app client on the user pool; locally
 * a client of the local issuer. The secret is answered once, to the operator, and kept by the
 * identity provider only: the platform never stores it.
 */
export interface IssuedClient {
  clientId: string;
  clientSecret: string;
}

export interface CourtCredentials {
  /** Creates a client that may obtain tokens with the court scope; `name` is for people reading the pool. */
  createClient(name: string): Promise<IssuedClient>;
  /** Deletes a client: it can obtain no new token. Deleting one that is already gone succeeds. */
  deleteClient(clientId: string): Promise<void>;
}
