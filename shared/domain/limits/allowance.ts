/**
 * Allowances: how often something may happen to one subject (a recipient, a link, a client) within
 * a sliding window, with a minimum spacing that grows with each use. The rules are pure; the table
 * that remembers the uses is an adapter's business (ports/send-rate-limiter.ts).
 *
 * A policy allows `gapsMinutes.length + 1` uses in any `windowHours`; after the n-th use in the
 * window, the next waits at least `gapsMinutes[n - 1]` minutes. When the window is full, the next
 * use waits until the oldest leaves it (and still keeps the spacing after the latest).
 */
export interface AllowancePolicy {
  /** Names the allowance in the table and in answers. */
  readonly name: string;
  readonly windowHours: number;
  readonly gapsMinutes: readonly number[];
}

/**
 * Sends that another party triggers (invitations, re-invitations, signing links sent on someone's
 * behalf): three per recipient per 24 hours, the second at least 10 minutes after the first and
 * the third at least an hour after the second (DESIGN.md, Messages to people). A typo'd address
 * can be fixed quickly once; flooding someone cannot.
 */
export const triggeredSendPolicy: AllowancePolicy = { name: 'triggered', windowHours: 24, gapsMinutes: [10, 60] };

/**
 * Requests for a fresh code (or a party's own signing link) from one asker: five per link, client
 * and address per 24 hours, a minute, 5, 15 and 30 minutes apart. Counted per asking client, so
 * whoever holds a copy of a link and asks from elsewhere spends only their own: the addressee,
 * asking from its own phone or computer, still gets a fresh code.
 */
export const ownCodePolicy: AllowancePolicy = { name: 'own_code', windowHours: 24, gapsMinutes: [1, 5, 15, 30] };

/**
 * Fresh codes to one address from every asker together: twenty a day, so nobody is flooded with
 * codes by many askers; four times what one asker may have, so one or two others holding the
 * link cannot spend the addressee's.
 */
export const recipientCodePolicy: AllowancePolicy = {
  name: 'own_code_recipient',
  windowHours: 24,
  gapsMinutes: Array.from({ length: 19 }, () => 0),
};

/**
 * Tries of a code on one link from one client: five in 15 minutes, then that client (and only that
 * client) waits until the oldest is 15 minutes old. The owner, elsewhere, is not held up by it.
 * Tries are counted before they are judged (so parallel guesses cannot slip past); a right one
 * uses the link, so in effect these are the wrong ones.
 */
export const clientCodeTryPolicy: AllowancePolicy = {
  name: 'code_tries_client_link',
  windowHours: 0.25,
  gapsMinutes: [0, 0, 0, 0],
};

/** Tries of codes from one client across every link: 20 an hour, so one client cannot sweep many links. */
export const clientTryPolicy: AllowancePolicy = {
  name: 'code_tries_client',
  windowHours: 1,
  gapsMinutes: Array.from({ length: 19 }, () => 0),
};

/**
 * Identity checks a signed-in party asks of the carrier to link its sign-in (its ID number and name
 * against its mobile): five refused ones per sign-in a day. Each check is a paid request to the
 * provider, and a person typing their own details needs a try or two.
 */
export const linkCheckPolicy: AllowancePolicy = {
  name: 'sign_in_link_checks',
  windowHours: 24,
  gapsMinutes: [0, 0, 0, 0],
};

export function maxUses(policy: AllowancePolicy): number {
  return policy.gapsMinutes.length + 1;
}

/** The uses still inside the window at `now`, oldest first. */
export function usesInWindow(policy: AllowancePolicy, usedAt: readonly string[], now: Date): string[] {
  const windowStart = now.getTime() - policy.windowHours * 3_600_000;
  return usedAt.filter((at) => Date.parse(at) > windowStart).sort();
}

/** When the next use is allowed: `undefined` if now. */
export function nextUseAt(policy: AllowancePolicy, usedAt: readonly string[], now: Date): Date | undefined {
  const recent = usesInWindow(policy, usedAt, now);
  const latest = recent.at(-1);
  if (latest === undefined) return undefined;
  const max = maxUses(policy);
  const afterLatest = (count: number) =>
    Date.parse(latest) + (policy.gapsMinutes[Math.min(count, max - 1) - 1] ?? 0) * 60_000;
  let next = afterLatest(recent.length);
  if (recent.length >= max) {
    // Full: wait for the oldest use that must leave the window, then the spacing after the latest.
    const mustLeave = recent[recent.length - max] as string;
    next = Math.max(Date.parse(mustLeave) + policy.windowHours * 3_600_000, afterLatest(max - 1));
  }
  return next > now.getTime() ? new Date(next) : undefined;
}

/** The uses to remember after one at `now` (only those that can still matter). */
/** How many uses are left at `now`: the policy's maximum less the uses still inside its window. */
export function usesLeft(policy: AllowancePolicy, usedAt: readonly string[], now: Date): number {
  return Math.max(0, maxUses(policy) - usesInWindow(policy, usedAt, now).length);
}

/** The uses after the latest is given back: the others, as they were. */
export function afterGiveBack(usedAt: readonly string[]): string[] {
  return usedAt.slice(0, -1);
}

export function afterUse(policy: AllowancePolicy, usedAt: readonly string[], now: Date): string[] {
  return [...usesInWindow(policy, usedAt, now), now.toISOString()].slice(-maxUses(policy));
}
