import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { platformMessageHeader, platformMessageTag, type SesEvent } from '../../shared/adapters/ses/ses-event';
import { emulatorKeepAliveMs } from './emulator-keep-alive';
import { openJournal } from './journal';

/**
 * Amazon SES on loopback: `aws-ses-v2-local` answers the real SES v1/v2 sending APIs and lists sent
 * mail on a page; the event generator here stands in for SES event publishing, turning each sent
 * message into the events AWS would emit, with SES's mailbox-simulator addresses behaving as in AWS.
 */

export interface SesLocalOptions {
  port?: number;
  /** Receives each event's `detail`; a rejection is logged and the event retried on the next poll. */
  onEvent?: (detail: SesEvent) => Promise<void> | void;
  /** How often the generator looks for new mail; default 100 ms. */
  pollMs?: number;
  /** Also emit a `Send` event first for each message, as a destination with Send enabled does. */
  sendEvents?: boolean;
  /**
   * Told once every event of a message has been handed to `onEvent`: none will follow, so a test
   * can assert what did not happen without waiting for a while.
   */
  onEventsPublished?: (messageId: string) => void;
  /**
   * Keeps the events not yet handed over in a journal here (`events.jsonl`), so that a platform
   * stopped or killed in between hands them over when it starts again, as SES's own event
   * publishing outlives a stopped consumer. A send is answered only once its events are in the
   * journal, so mail SES accepted is never lost to a kill, as SES's acceptance is durable. (The mail
   * itself stays in memory: the mail page of a restarted emulator no longer lists it.)
   */
  dataDir?: string;
}

export interface SesLocal {
  endpoint: string;
  mailPageUrl: string;
  stop(): Promise<void>;
}

/** What `GET /store` lists for each message (aws-ses-v2-local 2.10.2). */
interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  /** Custom headers of Simple content, as sent. */
  headers?: Array<{ name: string; value: string }>;
  /** Epoch seconds. */
  at: number;
}

type SesServerModule = typeof import('aws-ses-v2-local');

/** The emulator keeps its mail in a module-level store, so two instances in one process would share it. */
let runningInThisProcess = false;

export async function startSesLocal(options: SesLocalOptions = {}): Promise<SesLocal> {
  if (runningInThisProcess) {
    throw new Error('aws-ses-v2-local keeps its mail in a module-level store: start one SES emulator per process');
  }
  runningInThisProcess = true;
  try {
    const { default: sesServer } = createRequire(import.meta.url)('aws-ses-v2-local') as SesServerModule;
    const server = await sesServer({ host: '127.0.0.1', port: options.port ?? 0 });
    server.keepAliveTimeout = emulatorKeepAliveMs;
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const generator =
      options.onEvent === undefined
        ? undefined
        : new DeliveryEventGenerator(
            endpoint,
            options.onEvent,
            options.pollMs ?? 100,
            options.sendEvents ?? false,
            options.onEventsPublished,
            await openEventJournal(options.dataDir),
          );
    generator?.start();
    if (generator && options.dataDir !== undefined) answerSendsOnceJournaled(server, generator);
    return {
      endpoint,
      mailPageUrl: `${endpoint}/`,
      stop: async () => {
        await generator?.stop();
        await close(server);
        runningInThisProcess = false;
      },
    };
  } catch (error) {
    runningInThisProcess = false;
    throw error;
  }
}

/**
 * Polls the emulator's store and publishes, per message, the events SES would: each message's
 * events are built once (so a retry sends the same event) and delivered in order, messages side by
 * side; a failed callback holds back that message's later events until the next poll.
 */
class DeliveryEventGenerator {
  private readonly pending = new Map<string, SesEvent[]>();
  /** Ids already seen in the store at or after `sinceSeconds`, since `/store?since=` is inclusive. */
  private seen = new Map<string, number>();
  private sinceSeconds = Math.floor(Date.now() / 1000);
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();
  private capturing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly endpoint: string,
    private readonly onEvent: (detail: SesEvent) => Promise<void> | void,
    private readonly pollMs: number,
    private readonly sendEvents: boolean,
    private readonly onEventsPublished: ((messageId: string) => void) | undefined,
    private readonly journal: EventJournal,
  ) {
    for (const [messageId, events] of journal.unpublished) this.pending.set(messageId, events);
  }

  start(): void {
    this.timer = setTimeout(() => this.tick(), this.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  private tick(): void {
    this.polling = this.poll()
      .catch((error: unknown) => console.error('ses-local: polling the mail store failed', error))
      .finally(() => {
        if (!this.stopped) this.timer = setTimeout(() => this.tick(), this.pollMs);
      });
  }

  /**
   * Builds and journals the events of the mail stored since the last look. One look at a time (a
   * send's answer and the poll may ask together), so no message is listed twice.
   */
  capture(): Promise<void> {
    this.capturing = this.capturing.catch(() => {}).then(() => this.captureNewEmails());
    return this.capturing;
  }

  private async captureNewEmails(): Promise<void> {
    for (const email of await this.newEmails()) {
      const events = eventsFor(email, new Date(), this.sendEvents);
      this.pending.set(email.messageId, events);
      await this.journal.record({ kind: 'pending', messageId: email.messageId, events });
    }
  }

  private async poll(): Promise<void> {
    await this.capture();
    // Messages are independent (SES publishes their events in parallel); each one's events stay in order.
    await Promise.all([...this.pending].map(([messageId, events]) => this.publishInOrder(messageId, events)));
  }

  private async newEmails(): Promise<StoredEmail[]> {
    const response = await fetch(`${this.endpoint}/store?since=${this.sinceSeconds}`);
    if (!response.ok) throw new Error(`GET /store answered ${response.status}`);
    const { emails } = (await response.json()) as { emails: StoredEmail[] };
    const fresh = emails.filter((email) => !this.seen.has(email.messageId));
    for (const email of fresh) this.seen.set(email.messageId, email.at);
    const newest = Math.max(this.sinceSeconds, ...emails.map((email) => email.at));
    if (newest > this.sinceSeconds) {
      this.sinceSeconds = newest;
      this.seen = new Map([...this.seen].filter(([, at]) => at >= newest));
    }
    return fresh;
  }

  private async publishInOrder(messageId: string, events: SesEvent[]): Promise<void> {
    while (events.length > 0 && !this.stopped) {
      const [event] = events;
      if (event === undefined) break;
      try {
        await this.onEvent(event);
      } catch (error) {
        console.error(
          `ses-local: onEvent failed for ${event.eventType} of ${messageId}; retrying on the next poll`,
          error,
        );
        return;
      }
      events.shift();
    }
    if (events.length === 0) {
      this.pending.delete(messageId);
      await this.journal.record({ kind: 'published', messageId });
      this.onEventsPublished?.(messageId);
    }
  }
}

type JournalEntry =
  | { kind: 'pending'; messageId: string; events: SesEvent[] }
  | { kind: 'published'; messageId: string };

interface EventJournal {
  /** What an earlier run left to hand over, by message. */
  unpublished: Map<string, SesEvent[]>;
  record(entry: JournalEntry): Promise<void>;
}

/**
 * The journal of a data directory: a line appended when a message's events are built and when the
 * last of them is handed over; replayed on start. An event handed over just before a kill is handed
 * over again (at least once, as SES publishes), and the platform takes a repeated event as a no-op.
 */
async function openEventJournal(dataDir: string | undefined): Promise<EventJournal> {
  if (dataDir === undefined) return { unpublished: new Map(), record: async () => {} };
  // Compacted on opening to the messages whose events are not all handed over yet.
  const journal = await openJournal<JournalEntry>(join(dataDir, 'events.jsonl'), (entries) =>
    [...unpublishedOf(entries).entries()].map(([messageId, events]) => ({ kind: 'pending', messageId, events })),
  );
  return { unpublished: unpublishedOf(journal.entries), record: journal.append };
}

function unpublishedOf(entries: JournalEntry[]): Map<string, SesEvent[]> {
  const unpublished = new Map<string, SesEvent[]>();
  for (const entry of entries) {
    if (entry.kind === 'pending') unpublished.set(entry.messageId, entry.events);
    else unpublished.delete(entry.messageId);
  }
  return unpublished;
}

type SimulatorMailbox = 'success' | 'bounce' | 'ooto' | 'complaint' | 'suppressionlist';

const simulatorAddress = /^(success|bounce|ooto|complaint|suppressionlist)(\+[^@]*)?@simulator\.amazonses\.com$/i;

/** The mailbox-simulator behaviour of an address; any other address is delivered. */
export function simulatorMailbox(address: string): SimulatorMailbox | undefined {
  const match = simulatorAddress.exec(address.trim());
  return match?.[1]?.toLowerCase() as SimulatorMailbox | undefined;
}

/** The events AWS publishes for one message, recipient by recipient. */
function eventsFor(email: StoredEmail, now: Date, sendEvents: boolean): SesEvent[] {
  const recipients = [...email.destination.to, ...email.destination.cc, ...email.destination.bcc].map(bareAddress);
  const mail = mailOf(email, recipients);
  const perRecipient = recipients.flatMap((recipient) => recipientEvents(mail, email, recipient, now));
  return sendEvents ? [{ eventType: 'Send', mail, send: {} }, ...perRecipient] : perRecipient;
}

function recipientEvents(mail: SesEvent['mail'], email: StoredEmail, recipient: string, now: Date): SesEvent[] {
  const timestamp = now.toISOString();
  const delivery: SesEvent = {
    eventType: 'Delivery',
    mail,
    delivery: {
      timestamp,
      recipients: [recipient],
      processingTimeMillis: Math.max(0, now.getTime() - email.at * 1000),
      smtpResponse: '250 2.6.0 Message received',
      reportingMTA: 'a1-1.smtp-out.ap-east-1.amazonses.com',
    },
  };
  switch (simulatorMailbox(recipient)) {
    case 'bounce':
      return [bounce(mail, recipient, timestamp, 'General', '5.1.1', 'smtp; 550 5.1.1 user unknown')];
    case 'suppressionlist':
      return [
        bounce(
          mail,
          recipient,
          timestamp,
          'Suppressed',
          '5.1.1',
          'Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.',
        ),
      ];
    case 'complaint':
      return [
        delivery,
        {
          eventType: 'Complaint',
          mail,
          complaint: {
            complainedRecipients: [{ emailAddress: recipient }],
            timestamp,
            feedbackId: feedbackId(),
            complaintFeedbackType: 'abuse',
            userAgent: 'Amazon SES Mailbox Simulator',
            arrivalDate: timestamp,
          },
        },
      ];
    default:
      // success@, ooto@ (whose auto-reply goes to the sender, not into events) and real addresses.
      return [delivery];
  }
}

function bounce(
  mail: SesEvent['mail'],
  recipient: string,
  timestamp: string,
  bounceSubType: string,
  status: string,
  diagnosticCode: string,
): SesEvent {
  return {
    eventType: 'Bounce',
    mail,
    bounce: {
      bounceType: 'Permanent',
      bounceSubType,
      bouncedRecipients: [{ emailAddress: recipient, action: 'failed', status, diagnosticCode }],
      timestamp,
      feedbackId: feedbackId(),
      reportingMTA: 'dns; simulator.amazonses.com',
    },
  };
}

/** A local account id; SES puts the sending account and identity ARN on every event. */
const localAccountId = '000000000000';

function mailOf(email: StoredEmail, recipients: string[]): SesEvent['mail'] {
  const source = bareAddress(email.from);
  return {
    messageId: email.messageId,
    timestamp: new Date(email.at * 1000).toISOString(),
    source,
    sourceArn: `arn:aws:ses:ap-east-1:${localAccountId}:identity/${source.slice(source.indexOf('@') + 1)}`,
    sendingAccountId: localAccountId,
    destination: recipients,
    headersTruncated: false,
    commonHeaders: { from: [email.from], to: email.destination.to, subject: email.subject },
    tags: tagsOf(email, source),
  };
}

/**
 * `mail.tags` as SES publishes them: its own `ses:*` tags and the send's message tags. The
 * emulator drops `EmailTags`, so the platform's tag is rebuilt from the header that carries the
 * same value (`X-Platform-Message-Id`), as SES would have echoed the tag.
 */
function tagsOf(email: StoredEmail, source: string): Record<string, string[]> {
  const tags: Record<string, string[]> = {
    'ses:operation': ['SendEmail'],
    'ses:from-domain': [source.slice(source.indexOf('@') + 1)],
  };
  const header = email.headers?.find(
    (candidate) => candidate.name.toLowerCase() === platformMessageHeader.toLowerCase(),
  );
  if (header) tags[platformMessageTag] = [header.value];
  return tags;
}

/** `"Name" <a@b>` → `a@b`; SES events list recipients as the addresses given, events key on the bare one. */
function bareAddress(address: string): string {
  return /<([^>]+)>\s*$/.exec(address)?.[1] ?? address.trim();
}

function feedbackId(): string {
  return `${randomUUID()}-000000`;
}

/**
 * Holds each POST's answer (the sends, whose mail the emulator stores before answering) until the
 * generator has journaled the stored mail: a platform killed right after SES said "accepted" finds
 * the message's events on its next start, where a poll that had not come yet would have lost them.
 */
function answerSendsOnceJournaled(server: Server, generator: DeliveryEventGenerator): void {
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'POST') return;
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    response.end = ((...args: unknown[]) => {
      generator
        .capture()
        .catch((error: unknown) => console.error('ses-local: journaling a sent message failed', error))
        .finally(() => end(...args));
      return response;
    }) as ServerResponse['end'];
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
