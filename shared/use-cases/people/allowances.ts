import { createHash } from 'node:crypto';
import { ConcurrentModification, TooManyRequests } from '../../domain/errors';
import {
  clientCodeTryPolicy,
  clientTryPolicy,
  linkCheckPolicy,
  ownCodePolicy,
  recipientCodePolicy,
  triggeredSendPolicy,
} from '../../domain/limits/allowance';
import type { Clock } from '../../ports/clock';
import type { PiiVault } from '../../ports/pii-vault';
import type { SendAllowances } from '../../ports/send-allowances';
import type { Allowances } from '../../ports/send-rate-limiter';

export interface AllowanceDeps {
  allowances: Allowances;
  /** Names recipients and clients by keyed hash, so the limits keep no address or IP in the clear. */
  vault: PiiVault;
  clock: Clock;
}

/** A message's address, as the limits know it: a keyed hash of channel and address. */
async function recipientSubject(vault: PiiVault, to: { channel: 'sms' | 'email'; to: string }): Promise<string> {
  // Hex keeps the vault's normalization (spaces, hyphens, case) from merging two addresses.
  return vault.lookupHash(`recipient:${Buffer.from(`${to.channel}:${to.to}`, 'utf8').toString('hex')}`);
}

async function clientSubject(vault: PiiVault, client: string): Promise<string> {
  return vault.lookupHash(`client:${Buffer.from(client, 'utf8').toString('hex')}`);
}

/**
 * Sends another party triggers (invitations, re-invitations, a signing link sent on someone's
 * behalf): three per recipient per day with growing spacing (domain/limits/allowance.ts), all the
 * recipients of one request or none. Over it, TooManyRequests (429 with Retry-After) and the
 * caller sends nothing. Service attempts and milestone messages never come here.
 */
export async function takeTriggeredSends(
  deps: AllowanceDeps,
  recipients: ReadonlyArray<{ channel: 'sms' | 'email'; to: string }>,
): Promise<void> {
  const subjects = await Promise.all(recipients.map((recipient) => recipientSubject(deps.vault, recipient)));
  const taken = await deps.allowances.take(triggeredSendPolicy, subjects);
  if (!taken.ok) {
    throw new TooManyRequests(
      'recipient_send_limit',
      'this person has been sent as many messages as others may trigger for now; try again later',
      { retryAt: taken.retryAt, now: deps.clock.now() },
    );
  }
}

/**
 * A request for a fresh code (or a party's own signing link): five a day, spaced, per asker (this
 * link, this client, this address), and twenty a day to the address from every asker together.
 * Someone holding a copy of the link spends their own five, never the addressee's, who asks from
 * elsewhere. Over either, TooManyRequests `own_code_limit` and nothing is sent.
 */
export async function takeOwnCodeSend(
  deps: AllowanceDeps,
  recipient: { channel: 'sms' | 'email'; to: string },
  asker: { link: string; client: string },
): Promise<void> {
  const [address, client] = await Promise.all([
    recipientSubject(deps.vault, recipient),
    clientSubject(deps.vault, asker.client),
  ]);
  const own = createHash('sha256').update(`${asker.link}:${client}:${address}`).digest('hex');
  // The asker's own first (spaced), then the address's cap: one that refuses spends nothing of the other.
  const retryAt = await deps.allowances.check(ownCodePolicy, own);
  const taken = retryAt
    ? { ok: false as const, retryAt }
    : await deps.allowances.take(recipientCodePolicy, [address]).then(async (capped) => {
        if (!capped.ok) return capped;
        const mine = await deps.allowances.take(ownCodePolicy, [own]);
        if (!mine.ok) await deps.allowances.giveBack(recipientCodePolicy, address);
        return mine;
      });
  if (!taken.ok) {
    throw new TooManyRequests('own_code_limit', 'a fresh code was sent recently; try again later', {
      retryAt: taken.retryAt,
      now: deps.clock.now(),
    });
  }
}

/**
 * One try of a code on a link (join, signing) from one client (its source address), counted
 * before the try is judged so that parallel guesses are all counted: five per link per client in
 * 15 minutes and twenty per client across links in an hour. Over either, that client alone waits
 * (TooManyRequests): whoever holds a link cannot lock its owner out, who tries from elsewhere.
 *
 * Tries that collide on the allowance more often than it retries are refused the same way, with a
 * wait of a second, never as a lost race (ConcurrentModification): the callers retry a lost race
 * as a try already counted, so it would be judged without being counted.
 */
export async function takeCodeTry(deps: AllowanceDeps, linkHash: string, client: string): Promise<void> {
  for (const [policy, subject] of await codeTrySubjects(deps, linkHash, client)) {
    const taken = await deps.allowances.take(policy, [subject]).catch((error: unknown) => {
      if (!(error instanceof ConcurrentModification)) throw error;
      return { ok: false as const, retryAt: new Date(deps.clock.now().getTime() + 1_000) };
    });
    if (!taken.ok) {
      throw new TooManyRequests('too_many_wrong_codes', 'too many wrong tries from here; try again later', {
        retryAt: taken.retryAt,
        now: deps.clock.now(),
      });
    }
  }
}

/**
 * The carrier checks a sign-in asks for to link itself to a person (sign-in-links.ts): five refused
 * ones a day per sign-in. Looked at before a check (over it, TooManyRequests until the oldest is a
 * day old, and the carrier is not asked); a refused check is counted after it, so a confirmed one,
 * or one the provider could not answer, leaves nothing behind.
 */
export async function requireLinkCheckLeft(deps: AllowanceDeps, sub: string): Promise<void> {
  const retryAt = await deps.allowances.check(linkCheckPolicy, await signInSubject(deps.vault, sub));
  if (retryAt) {
    throw new TooManyRequests('identity_check_limit', 'too many identity checks for this sign-in; try again later', {
      retryAt,
      now: deps.clock.now(),
    });
  }
}

export async function countRefusedLinkCheck(deps: AllowanceDeps, sub: string): Promise<void> {
  await deps.allowances.take(linkCheckPolicy, [await signInSubject(deps.vault, sub)]);
}

async function signInSubject(vault: PiiVault, sub: string): Promise<string> {
  return vault.lookupHash(`sign-in:${Buffer.from(sub, 'utf8').toString('hex')}`);
}

/**
 * A try that proved the code gives its counted try back, on the link and across links: the limits
 * are for wrong guesses, and people behind one address (an office, a carrier's NAT) who each enter
 * their own right code must not use up each other's tries.
 */
export async function returnCodeTry(deps: AllowanceDeps, linkHash: string, client: string): Promise<void> {
  for (const [policy, subject] of await codeTrySubjects(deps, linkHash, client)) {
    await deps.allowances.giveBack(policy, subject);
  }
}

/** The tries this client has left on this link now: the fewer of its two allowances. */
export async function codeTriesLeft(deps: AllowanceDeps, linkHash: string, client: string): Promise<number> {
  const left = await Promise.all(
    (await codeTrySubjects(deps, linkHash, client)).map(([policy, subject]) =>
      deps.allowances.remaining(policy, subject),
    ),
  );
  return Math.min(...left);
}

/** The allowances a code try counts against: on this link from this client, and from this client on any. */
async function codeTrySubjects(deps: AllowanceDeps, linkHash: string, client: string) {
  const clientHash = await clientSubject(deps.vault, client);
  const onLink = createHash('sha256').update(`${linkHash}:${clientHash}`).digest('hex');
  return [
    [clientCodeTryPolicy, onLink],
    [clientTryPolicy, clientHash],
  ] as const;
}

/**
 * The three allowances bound to their deps: what the composition roots hand to the features that
 * send or take codes, as their `sendAllowances` port.
 */
export function sendAllowancesOf(deps: AllowanceDeps): SendAllowances {
  return {
    takeTriggeredSends: (recipients) => takeTriggeredSends(deps, recipients),
    takeOwnCodeSend: (recipient, asker) => takeOwnCodeSend(deps, recipient, asker),
    takeCodeTry: (linkHash, client) => takeCodeTry(deps, linkHash, client),
    returnCodeTry: (linkHash, client) => returnCodeTry(deps, linkHash, client),
    codeTriesLeft: (linkHash, client) => codeTriesLeft(deps, linkHash, client),
  };
}
