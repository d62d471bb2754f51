import { dispatchServiceDeliveryTask } from '../../functions/workflow/service-delivery-tasks';
import { localDefinitions } from '../../infra/local/workflow-definitions';
import { contactsChangedType } from '../../shared/domain/contacts/contacts-changed';
import { RuleViolation } from '../../shared/domain/errors';
import { personChainId } from '../../shared/domain/identity/person-chain';
import { publicPersonId } from '../../shared/domain/identity/person-id';
import type { Principal } from '../../shared/domain/principal';
import type { AddressCandidate } from '../../shared/domain/service/address-book';
import type { rankAddresses } from '../../shared/domain/service/address-ranking';
import { type RecipientRecord, recipientSettledType } from '../../shared/domain/service/recipient';
import { serviceRequestedType } from '../../shared/domain/service/service';
import type { Clock } from '../../shared/ports/clock';
import type { PersonConsentWriter } from '../../shared/ports/identity-checks';
import type {
  EmailChannel,
  EmailMessage,
  SendAccepted,
  SmsChannel,
  SmsMessage,
} from '../../shared/ports/message-channels';
import type { OutboxHandler, OutboxItem } from '../../shared/ports/outbox';
import type { StateChange, StateStore } from '../../shared/ports/state-store';
import type { WorkflowEngine } from '../../shared/ports/workflows';
import type { MessageDeliveryDeps } from '../../shared/use-cases/message-delivery/deps';
import { messageTasksOf } from '../../shared/use-cases/message-delivery/message-tasks';
import { recordDeliveryEvent } from '../../shared/use-cases/message-delivery/record-delivery-event';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import { personConsentWriterOf } from '../../shared/use-cases/people/person-consent';
import { type ServiceDeliveryDeps, type ServiceSettings, serviceSettings } from '../../shared/use-cases/service/deps';
import { commitToBook } from '../../shared/use-cases/service/party-addresses';
import {
  acknowledgeService,
  onServiceAcknowledged,
  serviceAcknowledgedType,
  viewServedDocument,
} from '../../shared/use-cases/service/portal';
import { onServiceLateFact, serviceLateFactType } from '../../shared/use-cases/service/reconcile-service-time';
import { onRecipientSettled } from '../../shared/use-cases/service/record-recipient-head';
import { onServiceRequested, requestService } from '../../shared/use-cases/service/request-service';
import { MemoryDocumentStore } from '../support/memory-document-store';
import { MemoryStateStore } from '../support/memory-state-store';
import type { PopulationParameters } from './service-simulation-model';
import { type AslDocument, type StepperRun, stepDefinition, type WaitRecord } from './service-simulation-stepper';
import { caseStartMs, type MessageFate, messageFate, type SimPerson } from './service-simulation-world';

/** The portal's deps here: the service ports and the people feature's consent write (signing may record consent). */
function signing<D extends { store: StateStore }>(deps: D): D & { personConsentWrite: PersonConsentWriter } {
  return { ...deps, personConsentWrite: personConsentWriterOf(deps.store) };
}

/**
 * Serves a simulated person, case after case, through the platform's own delivery (issue 16,
 * item 1): the service is requested with `requestService`; its outbox item starts the execution;
 * the synthesized ServiceDelivery definition is stepped (service-simulation-stepper.ts) and each of
 * its tasks runs `dispatchServiceDeliveryTask`, the function the Lambda handler and the local
 * runner call; receipts go through `recordDeliveryEvent`, the person's opening and signing through
 * the portal's `viewServedDocument` and `acknowledgeService`, and every outbox item they write to
 * its platform consumer, on the simulated clock. The ports are in memory: a MemoryStateStore (the
 * StateStore contract, hash chains included), channels that hand each message to the simulated
 * person's world, a workflow engine that completes task tokens. Nothing of the delivery loop is
 * written here: the order, the waits and the decisions are the definition's and the use cases'.
 */

const DAY_MS = 86_400_000;
/** Actual notice: the legally served who opened or signed within this long of the service time (issue 16). */
export const actualNoticeWindowMs = 7 * DAY_MS;
const operator: Principal = { role: 'operator', subjectId: 'usr_sim_operator' };
const publicBaseUrl = 'https://platform.example';

export class SimClock implements Clock {
  constructor(public ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
}

/** Readable, unique, deterministic ids: the simulation's runs repeat exactly. */
class CounterIds {
  private n = 0;
  next(prefix: string): string {
    this.n += 1;
    return `${prefix}_sim${this.n.toString(36).padStart(8, '0')}`;
  }
}

/** The StateStore contract in memory, plus the outbox: the items each commit writes wait for their consumers. */
class SimStateStore extends MemoryStateStore {
  readonly outbox: OutboxItem[] = [];
  private seq = 0;
  override async commit(change: StateChange) {
    const event = await super.commit(change);
    for (const message of change.outbox ?? []) {
      this.seq += 1;
      this.outbox.push({
        id: `obx_${this.seq}`,
        type: message.type,
        payload: message.payload,
        chainId: change.chainId,
        eventSeq: event.seq,
        createdAt: new Date().toISOString(),
      });
    }
    return event;
  }
}

interface WorldEvent {
  at: number;
  order: number;
  run: () => Promise<void>;
}

/** One sent message, as the simulated world saw it. */
export interface SentMessage {
  channel: 'sms' | 'email';
  to: string;
  sentAt: number;
  /** Times the person opened the link (viewed the document), and signed. */
  openedAt?: number;
  signedAt?: number;
}

export interface CaseOutcome {
  caseIndex: number;
  status: RecipientRecord['status'];
  /** Legal service time, ms from the case's start. */
  servedAfterMs: number | undefined;
  /** The address that served (channel:value), and whether delivery alone served there. */
  servedBy: { key: string; rule: string } | undefined;
  messages: SentMessage[];
  /** The first time the person opened or signed for the document, in ms since the case's start. */
  firstNoticeAfterMs: number | undefined;
  run: StepperRun;
}

export interface DriverOptions {
  parameters: PopulationParameters;
  seed: number;
  /** The ranking the plan follows (the platform's when absent): the baselines pass theirs. */
  ranking?: typeof rankAddresses;
  /** Service settings (timeouts); the platform's defaults when absent. */
  settings?: ServiceSettings;
  /** The definition to step; the synthesized ServiceDelivery definition when absent. */
  definition?: AslDocument;
  /** Multiplies the world's delays (receipts, opening): the real-runner comparison runs in seconds, not hours. */
  timeScale?: number;
}

export function synthesizedServiceDefinition(): AslDocument {
  return localDefinitions().ServiceDelivery.asl as unknown as AslDocument;
}

/** Runs every case of one person through the real delivery, in one in-memory store (learning carries over). */
export async function servePerson(person: SimPerson, options: DriverOptions): Promise<CaseOutcome[]> {
  const driver = new PersonDriver(person, options);
  await driver.register();
  const outcomes: CaseOutcome[] = [];
  for (let caseIndex = 0; caseIndex < options.parameters.population.casesPerRecipient; caseIndex++) {
    outcomes.push(await driver.serveCase(caseIndex));
  }
  return outcomes;
}

class PersonDriver {
  private readonly clock: SimClock;
  private readonly store: SimStateStore;
  private readonly ids = new CounterIds();
  private readonly documents = new MemoryDocumentStore();
  private readonly deps: ServiceDeliveryDeps;
  /** Message delivery's ports: its receipt consumer runs on them, and the service tasks send through them. */
  private readonly messageDeps: MessageDeliveryDeps;
  private readonly definition: AslDocument;
  private readonly events: WorldEvent[] = [];
  private eventOrder = 0;
  private readonly completed = new Map<string, Record<string, unknown>>();
  private readonly starts: Array<{ serviceId: string; recipientId: string }> = [];
  private readonly handlers: Record<string, OutboxHandler>;
  private tokens = 0;
  private providerIds = 0;
  private caseIndex = 0;
  private messages: SentMessage[] = [];

  constructor(
    private readonly person: SimPerson,
    private readonly options: DriverOptions,
  ) {
    this.clock = new SimClock(caseStartMs(options.parameters, 0));
    this.store = new SimStateStore(this.clock);
    this.definition = options.definition ?? synthesizedServiceDefinition();
    const workflows: WorkflowEngine = {
      start: async (_workflow, _name, input) => {
        this.starts.push(input as { serviceId: string; recipientId: string });
      },
      sendTaskSuccess: async (token, output) => {
        if (!this.completed.has(token)) this.completed.set(token, output);
      },
      sendTaskFailure: async (token, error, cause) => {
        if (!this.completed.has(token)) this.completed.set(token, { error, cause });
      },
    };
    const sms: SmsChannel = { send: (message) => this.send('sms', message) };
    const email: EmailChannel = { send: (message) => this.send('email', message) };
    this.messageDeps = { store: this.store, clock: this.clock, sms, email, workflows };
    this.deps = {
      store: this.store,
      clock: this.clock,
      ids: this.ids,
      workflows,
      messageTasks: messageTasksOf(this.messageDeps),
      settings: options.settings ?? serviceSettings({ publicBaseUrl }),
      requestMessage: messageRequests({ store: this.store, clock: this.clock, ids: this.ids }),
      ...(options.ranking ? { rankAddresses: options.ranking } : {}),
    };
    const lateFact = onServiceLateFact(this.deps);
    this.handlers = {
      [serviceRequestedType]: onServiceRequested(this.deps),
      [serviceAcknowledgedType]: async (item) => {
        await onServiceAcknowledged(this.deps)(item);
        await lateFact(item);
      },
      [serviceLateFactType]: lateFact,
      [recipientSettledType]: onRecipientSettled(this.deps),
      // New addresses resume unserved recipients; the simulation adds none after registering.
      [contactsChangedType]: async () => {},
    };
  }

  /** The person as intake leaves one: the record with its consent, the public id, the address book. */
  async register(): Promise<void> {
    const { personHash, consent } = this.person;
    const recordedAt = new Date(this.clock.ms - DAY_MS).toISOString();
    await this.store.commit({
      chainId: personChainId(personHash),
      writes: [
        this.store.people.personWrite(0, personHash, {
          lookupHash: personHash,
          kind: 'person',
          name: '模拟',
          idMasked: `440308********${simulatedIdDigits}`,
          // The simulation never checks an identity, so the ID number is never revealed.
          ciphertext: 'simulation:not-revealable',
          createdAt: recordedAt,
          ...(consent ? { serviceConsent: { basis: consent, recordedAt, recordedBy: 'self' } } : {}),
        }),
        this.store.people.personIdWrite(personHash),
      ],
      event: { type: 'person.registered', actor: operator, data: {} },
    });
    const candidates: AddressCandidate[] = this.person.candidates;
    await commitToBook(this.deps, personHash, candidates, operator);
    await this.drainOutbox();
  }

  async serveCase(caseIndex: number): Promise<CaseOutcome> {
    this.caseIndex = caseIndex;
    this.messages = [];
    const startMs = caseStartMs(this.options.parameters, caseIndex);
    this.clock.ms = Math.max(this.clock.ms, startMs);
    const { recipients } = await requestService({ ...this.deps, documents: this.documents }, operator, {
      document: {
        title: `模拟文书 ${caseIndex + 1}`,
        kind: 'summons',
        mediaType: 'application/pdf',
        content: new TextEncoder().encode(`%PDF-1.4 simulated ${this.person.index}/${caseIndex}`),
      },
      recipients: [{ personId: publicPersonId(this.person.personHash) }],
    });
    await this.drainOutbox();
    const start = this.starts.shift();
    const recipientId = (recipients[0] as RecipientRecord).recipientId;
    if (!start || start.recipientId !== recipientId) throw new Error('the service request started no execution');
    const run = await stepDefinition(this.definition, start, {
      invokeTask: async (payload) => {
        const result = await dispatchServiceDeliveryTask(this.deps, payload);
        await this.drainOutbox();
        return result;
      },
      newTaskToken: () => {
        this.tokens += 1;
        return `token-${this.tokens}`;
      },
      waitForToken: (token, deadlineMs) => this.waitForToken(token, deadlineMs),
      sleepUntil: (untilMs) => this.runEventsUntil(untilMs),
      nowMs: () => this.clock.ms,
    });
    // Whatever the world still holds for this case (late receipts, signatures through earlier
    // links, opens) happens before the next case, as it would.
    const endMs =
      caseIndex + 1 < this.options.parameters.population.casesPerRecipient
        ? caseStartMs(this.options.parameters, caseIndex + 1)
        : startMs + 60 * DAY_MS;
    await this.runEventsUntil(endMs);
    const { value: recipient } = await this.store.services.recipient(start.serviceId, recipientId);
    return this.outcomeOf(recipient, startMs, run);
  }

  private outcomeOf(recipient: RecipientRecord, startMs: number, run: StepperRun): CaseOutcome {
    const served = recipient.status === 'served' ? recipient.served : undefined;
    const servingAttempt = served ? recipient.attempts.find((a) => a.attemptNo === served.attemptNo) : undefined;
    const notices = this.messages.flatMap((m) => [m.openedAt, m.signedAt].filter((t): t is number => t !== undefined));
    return {
      caseIndex: this.caseIndex,
      status: recipient.status,
      servedAfterMs: served ? Date.parse(served.at) - startMs : undefined,
      servedBy: servingAttempt
        ? { key: `${servingAttempt.channel}:${servingAttempt.address}`, rule: served?.rule ?? '' }
        : undefined,
      messages: this.messages,
      firstNoticeAfterMs: notices.length > 0 ? Math.min(...notices) - startMs : undefined,
      run,
    };
  }

  private async waitForToken(token: string, deadlineMs: number): Promise<Record<string, unknown> | undefined> {
    for (;;) {
      const done = this.completed.get(token);
      if (done) return done;
      const next = this.events[0];
      if (!next || next.at > deadlineMs) {
        this.clock.ms = Math.max(this.clock.ms, deadlineMs);
        return undefined;
      }
      await this.runNextEvent();
    }
  }

  private async runEventsUntil(endMs: number): Promise<void> {
    while (this.events[0] && (this.events[0] as WorldEvent).at <= endMs) await this.runNextEvent();
    this.clock.ms = Math.max(this.clock.ms, endMs);
  }

  private async runNextEvent(): Promise<void> {
    const event = this.events.shift() as WorldEvent;
    this.clock.ms = Math.max(this.clock.ms, event.at);
    await event.run();
    await this.drainOutbox();
  }

  private schedule(at: number, run: () => Promise<void>): void {
    this.eventOrder += 1;
    const event = { at, order: this.eventOrder, run };
    const index = this.events.findIndex((e) => e.at > at);
    if (index < 0) this.events.push(event);
    else this.events.splice(index, 0, event);
  }

  /** The outbox relay: each item to its platform consumer, at once, in order. */
  private async drainOutbox(): Promise<void> {
    while (this.store.outbox.length > 0) {
      const item = this.store.outbox.shift() as OutboxItem;
      const handler = this.handlers[item.type];
      if (!handler) throw new Error(`the simulation has no consumer for outbox items of type ${item.type}`);
      await handler(item);
    }
  }

  /** A channel's send: the provider accepts, and the world decides what becomes of the message. */
  private async send(channel: 'sms' | 'email', message: SmsMessage | EmailMessage): Promise<SendAccepted> {
    this.providerIds += 1;
    const providerMessageId = `${channel}-${this.providerIds}`;
    const handle = this.person.handleOf.get(`${channel}:${message.to}`);
    if (handle === undefined) throw new Error(`the simulation sent to an address the person never had: ${message.to}`);
    const sentAt = this.clock.ms;
    const sent: SentMessage = { channel, to: message.to, sentAt };
    this.messages.push(sent);
    const fate = scaledFate(
      messageFate(this.options.parameters, this.options.seed, this.person, this.caseIndex, handle),
      this.options.timeScale ?? 1,
    );
    const platformMessageId = 'platformMessageId' in message ? message.platformMessageId : undefined;
    const { receipt } = fate;
    if (receipt) {
      this.schedule(sentAt + receipt.afterMs, async () => {
        await recordDeliveryEvent(this.messageDeps, {
          channel,
          providerMessageId,
          ...(platformMessageId ? { platformMessageId } : {}),
          ...(channel === 'sms' ? { destination: message.to } : {}),
          event:
            receipt.kind === 'delivered'
              ? { kind: 'delivered', at: this.clock.now().toISOString() }
              : { kind: 'failed', at: this.clock.now().toISOString(), reason: receipt.reason },
        });
      });
    }
    if (receipt?.kind === 'delivered' && fate.opensAfterMs !== undefined) {
      const text = message.text;
      this.schedule(sentAt + receipt.afterMs + fate.opensAfterMs, () => this.open(sent, text, fate.signs));
    }
    return { providerMessageId };
  }

  /** The person follows the link with the code the message carries, reads, and signs (or not). */
  private async open(sent: SentMessage, text: string, signs: boolean): Promise<void> {
    const { token, code } = linkAndCode(text);
    try {
      const proof = { code, idLastDigits: simulatedIdDigits };
      await viewServedDocument({ ...this.deps, documents: this.documents }, token, proof);
      sent.openedAt = this.clock.ms;
      if (!signs) return;
      await acknowledgeService(signing(this.deps), token, proof, { userAgent: 'simulated person' });
      sent.signedAt = this.clock.ms;
    } catch (error) {
      // A link past its 30 days: the person finds it expired, as a real one would.
      if (error instanceof RuleViolation && error.code === 'link_expired') return;
      throw error;
    }
  }
}

/** A message's fate with its delays multiplied by `scale`. */
export function scaledFate(fate: MessageFate, scale: number): MessageFate {
  if (scale === 1) return fate;
  return {
    ...fate,
    receipt: fate.receipt ? { ...fate.receipt, afterMs: fate.receipt.afterMs * scale } : undefined,
    opensAfterMs: fate.opensAfterMs === undefined ? undefined : fate.opensAfterMs * scale,
  };
}

/** The last four of every simulated person's ID number, given with the code, as the portal asks. */
const simulatedIdDigits = '1234';

/** The portal token and code a service message carries (the person reads them off the message). */
export function linkAndCode(text: string): { token: string; code: string } {
  const link = new RegExp(`${publicBaseUrl.replace(/[.]/g, '\\.')}/[a-z]+/([A-Za-z0-9_-]+)`).exec(text);
  if (!link) throw new Error('the service message carries no portal link');
  const code = /(?<!\d)(\d{6})(?!\d)/.exec(text.slice(link.index + link[0].length));
  if (!code) throw new Error('the service message carries no code');
  return { token: link[1] as string, code: code[1] as string };
}

export type { WaitRecord };
