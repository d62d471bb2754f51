/*
 * The send and code-try limits (domain/limits/allowance.ts), as a capability the people feature
 * offers the others (disputes' invitations and joins, signing links, the service portal): they
 * receive a `SendAllowances` in their deps, wired by the composition roots, and never import the
 * feature. Each refuses with TooManyRequests (429 with Retry-After) when the allowance is spent.
 */

/** A message's address, as the limits know it (they keep only a keyed hash of it). */
export interface LimitedAddress {
  channel: 'sms' | 'email';
  to: string;
}

export interface SendAllowances {
  /** Sends another party triggers (invitations, re-invitations, a link sent on someone's behalf): all or none. */
  takeTriggeredSends(recipients: ReadonlyArray<LimitedAddress>): Promise<void>;
  /**
   * A request for a fresh code (or a party's own signing link) to `recipient`, asked on `asker.link`
   * (a hash naming the link) by `asker.client` (its source address, or a signed-in party's subject):
   * counted per asker, so others holding a copy of the link never spend the addressee's own.
   */
  takeOwnCodeSend(recipient: LimitedAddress, asker: { link: string; client: string }): Promise<void>;
  /** One try of a code on a link from one client, counted before the try is judged. */
  takeCodeTry(linkHash: string, client: string): Promise<void>;
  /** Gives a try that proved the code back: only wrong guesses count against the client. */
  returnCodeTry(linkHash: string, client: string): Promise<void>;
  /** The tries of a code on a link this client has left now (what a wrong try's answer shows). */
  codeTriesLeft(linkHash: string, client: string): Promise<number>;
}
