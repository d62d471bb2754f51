import type { ChainedEvent } from '../hash-chain';

/**
 * What a recipient's chain says happened to it: the proof of service is read from these events
 * alone, never from the recipient's item, which no hash covers. Each fact names the event it came
 * from by type, so a verifier can recompute the same facts from the same events (and
 * docs/proof-of-service.md lists the types and fields read).
 */
export interface AttemptFacts {
  attemptNo: number;
  channel: string;
  /** Masked. */
  address?: string;
  sources?: Array<{ source: string; observedAt: string; reference?: string }>;
  consentBasis?: string;
  reference: string;
  messageId: string;
  providerMessageId?: string;
  messageStatus: string;
  failureReason?: string;
  sentAt?: string;
  deliveredAt?: string;
  acknowledgedAt?: string;
  /** When the recipient first opened the document through this attempt's link (actual notice). */
  openedAt?: string;
  /** `notice_reminder`: a reminder after legal service, not a service attempt (issue 16). */
  purpose?: string;
  outcome?: string;
}

export interface RecipientFacts {
  status?: string;
  consentBasis?: string;
  /** How sure the platform was of who consented (DESIGN.md, Identity assurance), when planned. */
  identityAssurance?: string;
  served?: { at: string; rule: string; attemptNo: number };
  unserved?: { at: string; reason: string; detail?: string };
  alternative?: { method: string; at: string; recordedBy: { role: string; subjectId: string } };
  attempts: AttemptFacts[];
}

type Data = Record<string, unknown>;
const text = (data: Data, name: string) => (typeof data[name] === 'string' ? (data[name] as string) : undefined);
const count = (data: Data, name: string) => (typeof data[name] === 'number' ? (data[name] as number) : undefined);

/** Folds a recipient's chain, oldest event first, into its facts. */
export function recipientFacts(events: readonly ChainedEvent[]): RecipientFacts {
  const facts: RecipientFacts = { attempts: [] };
  const byAttempt = (data: Data) => facts.attempts.find((attempt) => attempt.attemptNo === count(data, 'attemptNo'));
  const byMessage = (data: Data) => facts.attempts.find((attempt) => attempt.messageId === text(data, 'messageId'));

  for (const event of events) {
    const data = event.data;
    if (event.type.startsWith('message.')) {
      applyMessageEvent(byMessage(data), event);
      continue;
    }
    facts.status = text(data, 'status') ?? facts.status;
    const consent = typeof data.consent === 'object' && data.consent !== null ? (data.consent as Data) : {};
    facts.consentBasis = text(data, 'consentBasis') ?? text(consent, 'basis') ?? facts.consentBasis;
    facts.identityAssurance = text(consent, 'identityAssurance') ?? facts.identityAssurance;
    const served = servedFrom(data.served);
    if (served) {
      facts.served = served;
      facts.unserved = undefined;
    }
    switch (event.type) {
      case 'service.attempt_created':
        facts.attempts.push(attemptFrom(data));
        break;
      case 'service.acknowledged':
        setIfFound(byAttempt(data), { acknowledgedAt: text(data, 'at') ?? event.at, outcome: 'acknowledged' });
        break;
      case 'service.opened':
        setIfFound(byAttempt(data), { openedAt: text(data, 'at') ?? event.at });
        break;
      case 'service.attempt_settled':
        setIfFound(byAttempt(data), { outcome: text(data, 'outcome') });
        break;
      case 'service.unserved':
        setIfFound(byAttempt(data), { outcome: text(data, 'outcome') });
        facts.unserved = definedOnly({
          at: event.at,
          reason: text(data, 'reason') ?? 'unknown',
          detail: text(data, 'detail'),
        });
        break;
      case 'service.served_alternatively':
        facts.alternative = {
          method: text(data, 'method') ?? 'unknown',
          at: event.at,
          recordedBy: { role: event.actor.role, subjectId: event.actor.subjectId },
        };
        break;
    }
  }
  return facts;
}

function attemptFrom(data: Data): AttemptFacts {
  return definedOnly({
    attemptNo: count(data, 'attemptNo') ?? 0,
    channel: text(data, 'channel') ?? 'unknown',
    address: text(data, 'address'),
    sources: Array.isArray(data.sources) ? (data.sources as AttemptFacts['sources']) : undefined,
    consentBasis: text(data, 'consentBasis'),
    reference: text(data, 'reference') ?? '',
    messageId: text(data, 'messageId') ?? '',
    messageStatus: 'requested',
    purpose: text(data, 'purpose'),
  });
}

function applyMessageEvent(attempt: AttemptFacts | undefined, event: ChainedEvent): void {
  if (!attempt) return;
  const data = event.data;
  attempt.messageStatus = text(data, 'status') ?? attempt.messageStatus;
  if (event.type === 'message.sent') {
    setIfFound(attempt, { sentAt: event.at, providerMessageId: text(data, 'providerMessageId') });
  } else if (event.type === 'message.delivered') {
    setIfFound(attempt, { deliveredAt: text(data, 'at') ?? event.at });
  } else if (event.type === 'message.failed' || event.type === 'message.bounced') {
    setIfFound(attempt, { failureReason: text(data, 'reason') });
  }
}

/**
 * Every event that makes a recipient served, or corrects when it was (`service.served`, a
 * signature in `service.acknowledged`, `service.time_corrected`), carries `served`.
 */
function servedFrom(value: unknown): RecipientFacts['served'] {
  if (typeof value !== 'object' || value === null) return undefined;
  const served = value as Data;
  const at = text(served, 'at');
  const rule = text(served, 'rule');
  const attemptNo = count(served, 'attemptNo');
  return at && rule && attemptNo !== undefined ? { at, rule, attemptNo } : undefined;
}

function setIfFound(attempt: AttemptFacts | undefined, values: Partial<AttemptFacts>): void {
  if (attempt) Object.assign(attempt, definedOnly(values));
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
