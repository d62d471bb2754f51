/**
 * What the emulators sent, and the checks against what the store says: a send lost (a recipient
 * neither served nor sent anything) or duplicated (the same message sent twice to the provider).
 *
 * The SMS gateway keeps its messages in the data directory across kills; the SES emulator keeps
 * mail in memory only, so the bench takes a snapshot of it before each kill and at the end and
 * keeps the union by SES message id. Mail sent in the moment between the last snapshot and a kill
 * is not seen: the one blind spot of the duplicate count (said in the notes).
 */

export interface Sms {
  messageId: string;
  phoneNumber: string;
  message: string;
}

export interface Email {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  headers?: Array<{ name: string; value: string }>;
}

export async function smsSent(gateway: string): Promise<Sms[]> {
  const response = await fetch(`${gateway}/messages`);
  if (!response.ok) throw new Error(`GET /messages answered ${response.status}`);
  return (await response.json()) as Sms[];
}

/** The union of the SES emulator's mail over the platform's lives, by SES message id. */
export class MailLog {
  readonly byId = new Map<string, Email>();
  /** Addresses mailed in a life of the platform that a kill ended (the emulator's events for them may be lost). */
  readonly mailedBeforeAKill = new Set<string>();

  async snapshot(ses: string, beforeAKill = false): Promise<void> {
    const response = await fetch(`${ses}/store`);
    if (!response.ok) throw new Error(`GET /store answered ${response.status}`);
    const body = (await response.json()) as { emails: Email[] };
    for (const email of body.emails) {
      this.byId.set(email.messageId, email);
      if (beforeAKill) for (const to of email.destination.to) this.mailedBeforeAKill.add(to);
    }
  }

  emails(): Email[] {
    return [...this.byId.values()];
  }
}

/** The platform's own message id an email carries (SES keeps Simple-content headers). */
export function platformMessageIdOf(email: Email): string | undefined {
  return email.headers?.find((header) => header.name.toLowerCase() === 'x-platform-message-id')?.value;
}

/** Keys that occur more than once, with their counts. */
export function repeated<T>(items: T[], keyOf: (item: T) => string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1);
}

/** How many messages went to each address. */
export function countByAddress(sms: Sms[], emails: Email[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of sms) counts.set(message.phoneNumber, (counts.get(message.phoneNumber) ?? 0) + 1);
  for (const email of emails) {
    for (const to of email.destination.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}
