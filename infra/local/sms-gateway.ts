import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { SmsDeliveryStatus } from '../../shared/adapters/sns/sms-delivery-status';
import { DeliveryEventNotYetMatched } from '../../shared/use-cases/message-delivery/record-delivery-event';
import { emulatorKeepAliveMs } from './emulator-keep-alive';
import { openJournal } from './journal';

/**
 * A loopback stand-in for Amazon SNS's SMS sending: it answers the SNS `Publish` API exactly as
 * `@aws-sdk/client-sns` 3.1169 calls it (the awsQuery protocol: a form-encoded POST answered with
 * XML), keeps what was sent for people (a page) and tests (`GET /messages`), and plays the role of
 * the carriers by producing delivery-status records in the format SNS writes to CloudWatch Logs.
 * No usable SNS emulator exists (see LOCAL-STACK-FACTS.md), hence this one.
 */

/** What the gateway does with a message to a documented local test number. */
export type SmsTestOutcome =
  | { outcome: 'failure'; providerResponse: string }
  /** No receipt is ever produced, as when a carrier never reports back: exercises timeouts. */
  | { outcome: 'no_receipt' };

/**
 * Documented local test numbers, in the spirit of SES's mailbox simulator. Every other valid
 * E.164 number is delivered successfully.
 */
export const smsTestNumbers: Readonly<Record<string, SmsTestOutcome>> = {
  '+8613800000001': { outcome: 'failure', providerResponse: 'Phone is currently unreachable/unavailable' },
  '+8613800000002': { outcome: 'no_receipt' },
};

/** One accepted `Publish`, as listed by `GET /messages` and persisted in the data directory. */
export interface SentSms {
  messageId: string;
  phoneNumber: string;
  message: string;
  smsType: 'Transactional' | 'Promotional';
  /** Other message attributes as sent (sender id, origination number, ...), by name. */
  attributes: Record<string, string>;
  /** Epoch milliseconds when the gateway accepted the message. */
  sentAt: number;
  /**
   * The gateway's own bookkeeping, not part of any record: when its delivery-status record was
   * handed over. One not handed over when the gateway stopped (a crash) is handed over at the
   * next start, as CloudWatch Logs delivers a subscription at least once.
   */
  receiptHandedOverAt?: number;
}

export interface SmsGatewayOptions {
  port?: number;
  /** Where messages are kept across restarts; undefined keeps them in memory only. */
  dataDir?: string;
  /**
   * Receives each delivery receipt; a rejection is logged and the receipt handed over again at the
   * next start. A receipt the platform cannot match yet is an expected transient: one line at info.
   */
  onDeliveryStatus?: (record: SmsDeliveryStatus) => Promise<void> | void;
  /** Where the gateway says what went wrong; default the console. */
  log?: GatewayLog;
  /** Time between accepting a message and its receipt; default 50 ms. */
  receiptDelayMs?: number;
}

/** The gateway's log: a line at info, or a failure with its error (and stack) at error. */
export interface GatewayLog {
  info(line: string): void;
  error(line: string, error: unknown): void;
}

const consoleLog: GatewayLog = {
  info: (line) => console.info(line),
  error: (line, error) => console.error(line, error),
};

export interface SmsGateway {
  endpoint: string;
  pageUrl: string;
  messages(): SentSms[];
  /**
   * Resolves once every delivery receipt due so far has been handed to `onDeliveryStatus` (or
   * cancelled by `stop`): a message still without a receipt then will never get one, which a test
   * can assert without waiting for a while.
   */
  receiptsDelivered(): Promise<void>;
  stop(): Promise<void>;
}

const snsXmlNamespace = 'http://sns.amazonaws.com/doc/2010-03-31/';
const e164 = /^\+[1-9]\d{7,14}$/;
/** A nominal per-part price for the records; not anyone's tariff. */
const nominalPricePerPartUsd = 0.00645;

export async function startSmsGateway(options: SmsGatewayOptions = {}): Promise<SmsGateway> {
  const store = await openMessageStore(options.dataDir);
  const receipts = new ReceiptScheduler(
    options.receiptDelayMs ?? 50,
    options.onDeliveryStatus,
    store,
    options.log ?? consoleLog,
  );
  for (const sms of store.list()) if (sms.receiptHandedOverAt === undefined) receipts.schedule(sms);
  const outage = new CarrierOutage();
  const server = createServer((request, response) => {
    route(request, response, store, receipts, outage).catch((error: unknown) => {
      console.error('sms-gateway: request failed', error);
      if (!response.headersSent) sendQueryError(response, 500, 'Receiver', 'InternalError', 'internal error');
    });
  });
  server.keepAliveTimeout = emulatorKeepAliveMs;
  const port = await listen(server, options.port ?? 0);
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    pageUrl: `${endpoint}/`,
    messages: () => store.list(),
    receiptsDelivered: () => receipts.delivered(),
    stop: async () => {
      receipts.cancelAll();
      await close(server);
      await store.flushed();
    },
  };
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  store: MessageStore,
  receipts: ReceiptScheduler,
  outage: CarrierOutage,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method === 'POST' && url.pathname === '/outage') {
    const seconds = Number(url.searchParams.get('seconds'));
    if (!Number.isFinite(seconds) || seconds < 0) {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end('seconds must be a number ≥ 0');
      return;
    }
    outage.lastFor(seconds);
    sendJson(response, outage.state());
    return;
  }
  if (request.method === 'GET' && url.pathname === '/outage') {
    sendJson(response, outage.state());
    return;
  }
  if (request.method === 'GET' && url.pathname === '/messages') {
    const since = Number(url.searchParams.get('since') ?? 0);
    sendJson(
      response,
      store.list().filter((sms) => sms.sentAt >= (Number.isFinite(since) ? since : 0)),
    );
    return;
  }
  if (request.method === 'GET' && url.pathname === '/') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(renderPage(store.list()));
    return;
  }
  if (request.method === 'POST' && url.pathname === '/') {
    await handleQueryApi(request, response, store, receipts, outage);
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' });
  response.end('not found');
}

async function handleQueryApi(
  request: IncomingMessage,
  response: ServerResponse,
  store: MessageStore,
  receipts: ReceiptScheduler,
  outage: CarrierOutage,
): Promise<void> {
  // Like SNS, refuse unsigned calls, so a client that forgot its credentials fails here too.
  if (!request.headers.authorization?.startsWith('AWS4-HMAC-SHA256')) {
    sendQueryError(response, 403, 'Sender', 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    return;
  }
  const params = new URLSearchParams(await readBody(request));
  const action = params.get('Action');
  if (action !== 'Publish') {
    sendQueryError(
      response,
      400,
      'Sender',
      'InvalidAction',
      `The action ${action ?? ''} is not valid for this endpoint.`,
    );
    return;
  }
  const publish = parsePublish(params);
  if ('error' in publish) {
    sendQueryError(response, 400, 'Sender', 'InvalidParameter', publish.error);
    return;
  }
  if (outage.refuses()) {
    // As SNS answers when the account's SMS rate is exceeded: nothing is accepted, try later.
    sendQueryError(response, 400, 'Sender', 'Throttling', 'Rate exceeded');
    return;
  }
  const sms: SentSms = { messageId: randomUUID(), ...publish, sentAt: Date.now() };
  await store.add(sms);
  receipts.schedule(sms);
  const requestId = randomUUID();
  sendXml(
    response,
    200,
    requestId,
    `<PublishResponse xmlns="${snsXmlNamespace}"><PublishResult><MessageId>${sms.messageId}</MessageId></PublishResult>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
  );
}

/**
 * A window in which the gateway accepts no SMS, as when SNS throttles the account or its carriers are
 * down (`POST /outage?seconds=N`, a control of this emulator only; `seconds=0` ends it): benches
 * and tests drive the platform's retries, its stalled and failed workflows and their redrive.
 * `GET /outage` says until when, and how many Publish calls it has refused since the gateway
 * started (a bench reports how hard the platform retried).
 */
class CarrierOutage {
  until = 0;
  refused = 0;

  lastFor(seconds: number): void {
    this.until = seconds === 0 ? 0 : Date.now() + seconds * 1000;
  }

  /** Whether a Publish now is refused; a refusal is counted. */
  refuses(): boolean {
    if (Date.now() >= this.until) return false;
    this.refused++;
    return true;
  }

  state(): { until: number; refused: number } {
    return { until: this.until, refused: this.refused };
  }
}

type PublishRequest = Omit<SentSms, 'messageId' | 'sentAt'>;

/** Validates a Publish the way SNS does for direct SMS, with SNS's own wording. */
function parsePublish(params: URLSearchParams): PublishRequest | { error: string } {
  const phoneNumber = params.get('PhoneNumber');
  if (phoneNumber === null) {
    return { error: 'Invalid parameter: PhoneNumber Reason: this gateway only sends SMS to a PhoneNumber' };
  }
  if (!e164.test(phoneNumber)) {
    return { error: `Invalid parameter: PhoneNumber Reason: ${phoneNumber} is not valid to publish to` };
  }
  const message = params.get('Message');
  if (message === null || message.length === 0) return { error: 'Invalid parameter: Empty message' };
  const attributes = messageAttributes(params);
  const { 'AWS.SNS.SMS.SMSType': smsType = 'Promotional', ...others } = attributes;
  if (smsType !== 'Transactional' && smsType !== 'Promotional') {
    return { error: `Invalid parameter: MessageAttributes Reason: ${smsType} is not a valid AWS.SNS.SMS.SMSType` };
  }
  return { phoneNumber, message, smsType, attributes: others };
}

/** Reads `MessageAttributes.entry.N.Name` / `.Value.StringValue` pairs of the query protocol. */
function messageAttributes(params: URLSearchParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let n = 1; params.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const name = params.get(`MessageAttributes.entry.${n}.Name`) ?? '';
    attributes[name] = params.get(`MessageAttributes.entry.${n}.Value.StringValue`) ?? '';
  }
  return attributes;
}

/** Produces each message's receipt after the configured delay, as the carrier would report it. */
class ReceiptScheduler {
  /** Each timer with what settles its receipt, so that cancelling one settles it too. */
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private readonly due = new Set<Promise<void>>();

  constructor(
    private readonly delayMs: number,
    private readonly onDeliveryStatus: SmsGatewayOptions['onDeliveryStatus'],
    private readonly store: MessageStore,
    private readonly log: GatewayLog,
  ) {}

  /** The record is due `delayMs` after the send (at once for one left over from a crash). */
  schedule(sms: SentSms): void {
    const onDeliveryStatus = this.onDeliveryStatus;
    const testOutcome = smsTestNumbers[sms.phoneNumber];
    if (onDeliveryStatus === undefined || testOutcome?.outcome === 'no_receipt') return;
    const reportedAt = sms.sentAt + this.delayMs;
    const delivered = new Promise<void>((settle) => {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          Promise.resolve()
            .then(() => onDeliveryStatus(deliveryStatusRecord(sms, testOutcome, reportedAt)))
            .then(
              () => this.store.markReceiptHandedOver(sms.messageId),
              // Not recorded: handed over again at the next start.
              (error: unknown) => this.receiptRefused(sms.messageId, error),
            )
            .catch((error: unknown) => this.log.error('sms-gateway: could not keep the receipt handed over', error))
            .finally(settle);
        },
        Math.max(0, reportedAt - Date.now()),
      );
      this.timers.set(timer, settle);
    });
    this.due.add(delivered);
    void delivered.then(() => this.due.delete(delivered));
  }

  /**
   * A receipt the platform did not take. One it could not match yet (the receipt overtook the
   * write recording the send, and the platform's own retries ran out) is expected and handed over
   * again: a line, no stack. Anything else is a failure, logged with its error.
   */
  private receiptRefused(messageId: string, error: unknown): void {
    if (error instanceof DeliveryEventNotYetMatched) {
      this.log.info(`sms-gateway: receipt for ${messageId} not matched yet, handed over again at the next start`);
      return;
    }
    this.log.error(`sms-gateway: delivery-status callback failed for ${messageId}`, error);
  }

  /** Resolves once every receipt scheduled so far has been handed over or cancelled. */
  async delivered(): Promise<void> {
    await Promise.all(this.due);
  }

  cancelAll(): void {
    for (const [timer, settle] of this.timers) {
      clearTimeout(timer);
      settle();
    }
    this.timers.clear();
  }
}

/** SNS's record of one message: its id, the destination and timings, never the message's attributes. */
function deliveryStatusRecord(
  sms: SentSms,
  testOutcome: SmsTestOutcome | undefined,
  reportedAt: number,
): SmsDeliveryStatus {
  const failed = testOutcome?.outcome === 'failure';
  const parts = messageParts(sms.message);
  const dwellTimeMs = reportedAt - sms.sentAt;
  return {
    notification: { messageId: sms.messageId, timestamp: snsLogTimestamp(reportedAt) },
    delivery: {
      destination: sms.phoneNumber,
      smsType: sms.smsType,
      providerResponse: failed ? testOutcome.providerResponse : 'Message has been accepted by phone carrier',
      numberOfMessageParts: parts,
      priceInUSD: Number((parts * nominalPricePerPartUsd).toFixed(5)),
      dwellTimeMs,
      ...(failed ? {} : { dwellTimeMsUntilDeviceAck: dwellTimeMs }),
    },
    status: failed ? 'FAILURE' : 'SUCCESS',
  };
}

/** SNS writes `2016-06-28 00:40:34.558` (UTC, no zone designator). */
function snsLogTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}

const gsm7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€',
);

/** Parts as a carrier counts them: GSM-7 fits 160 (153 when split), anything else UCS-2 70 (67). */
function messageParts(text: string): number {
  const isGsm7 = [...text].every((char) => gsm7.has(char));
  const units = isGsm7 ? [...text].length : text.length;
  const [single, perPart] = isGsm7 ? [160, 153] : [70, 67];
  return units <= single ? 1 : Math.ceil(units / perPart);
}

interface MessageStore {
  list(): SentSms[];
  add(sms: SentSms): Promise<void>;
  markReceiptHandedOver(messageId: string): Promise<void>;
  flushed(): Promise<void>;
}

/**
 * Messages in memory, and in the data directory when there is one as a journal (`messages.jsonl`):
 * one line appended per send and per receipt handed over, replayed on start. Appending keeps each
 * write as small as the event, where rewriting the whole list grew with every message sent.
 */
async function openMessageStore(dataDir: string | undefined): Promise<MessageStore> {
  const messages: SentSms[] = [];
  const positions = new Map<string, number>();
  const remember = (sms: SentSms) => {
    const known = positions.get(sms.messageId);
    if (known === undefined) {
      positions.set(sms.messageId, messages.length);
      messages.push(sms);
    } else messages[known] = sms;
  };
  const markHandedOver = (messageId: string, at: number) => {
    const index = positions.get(messageId);
    const sms = index === undefined ? undefined : messages[index];
    if (sms) remember({ ...sms, receiptHandedOverAt: at });
  };
  if (dataDir === undefined) {
    return {
      list: () => [...messages],
      add: async (sms) => remember(sms),
      markReceiptHandedOver: async (messageId) => markHandedOver(messageId, Date.now()),
      flushed: async () => {},
    };
  }
  const journal = await openJournal<JournalEntry>(join(dataDir, 'messages.jsonl'));
  for (const entry of journal.entries) {
    if (entry.kind === 'sent') remember(entry.sms);
    else markHandedOver(entry.messageId, entry.at);
  }
  return {
    list: () => [...messages],
    add: async (sms) => {
      remember(sms);
      await journal.append({ kind: 'sent', sms });
    },
    markReceiptHandedOver: async (messageId) => {
      const at = Date.now();
      markHandedOver(messageId, at);
      await journal.append({ kind: 'handed_over', messageId, at });
    },
    flushed: journal.flushed,
  };
}

type JournalEntry = { kind: 'sent'; sms: SentSms } | { kind: 'handed_over'; messageId: string; at: number };

function renderPage(messages: SentSms[]): string {
  const rows = messages
    .toReversed()
    .map(
      (sms) =>
        `<tr><td>${escapeMarkup(new Date(sms.sentAt).toISOString())}</td><td>${escapeMarkup(sms.phoneNumber)}</td>` +
        `<td>${escapeMarkup(sms.smsType)}</td><td><pre>${escapeMarkup(sms.message)}</pre></td><td>${escapeMarkup(sms.messageId)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local SMS gateway</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}pre{margin:0;white-space:pre-wrap}</style>
</head><body><h1>Local SMS gateway</h1><p>${messages.length} message(s), newest first. JSON at <a href="/messages">/messages</a>.</p>
<table><thead><tr><th>sent</th><th>to</th><th>type</th><th>message</th><th>message id</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}

/** Escapes text for HTML and XML alike. */
function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function sendQueryError(
  response: ServerResponse,
  status: number,
  type: 'Sender' | 'Receiver',
  code: string,
  message: string,
): void {
  const requestId = randomUUID();
  sendXml(
    response,
    status,
    requestId,
    `<ErrorResponse xmlns="${snsXmlNamespace}"><Error><Type>${type}</Type><Code>${code}</Code>` +
      `<Message>${escapeMarkup(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}

function sendXml(response: ServerResponse, status: number, requestId: string, body: string): void {
  response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId });
  response.end(`<?xml version="1.0"?>\n${body}`);
}

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
