import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local';
import { type SendAccepted, SendNotAccepted, SendOutcomeUnknown } from '../../shared/ports/message-channels';
import { type FakeAnswer, startFakeEndpoint } from './fake-endpoint';

/** What `SmsChannel` and `EmailChannel` have in common. */
export interface MessageChannel<M> {
  send(message: M): Promise<SendAccepted>;
}

/** An error as the provider's API puts it on the wire: an HTTP status and an error code. */
export interface ProviderError {
  status: number;
  code: string;
}

/** A channel wired to a running local stand-in of its provider. */
export interface LocalChannel<M> {
  channel: MessageChannel<M>;
  /** What the stand-in recorded under a provider message id, in the port's terms; undefined if nothing. */
  sent(providerMessageId: string): Promise<M | undefined>;
  stop(): Promise<void>;
}

/** The adapter's timeout and turns, as its options name them. */
export interface ChannelLimits {
  requestTimeoutMs?: number;
  maxConcurrentSends?: number;
  maxSendWaitMs?: number;
}

/** How to put one channel adapter under the contract. */
export interface MessageChannelSubject<M> {
  /** The adapter's name, which heads its block: `SesEmailChannel`. */
  adapter: string;
  /** The provider's name in test names: `SES`. */
  provider: string;
  /** The local stand-in in test names: `aws-ses-v2-local`. */
  localEndpoint: string;
  /** Starts the stand-in and builds the adapter against it. */
  startLocal(): Promise<LocalChannel<M>>;
  /** Builds the adapter against any endpoint: a fake one, or a port nobody listens on. */
  channelAt(endpoint: string, options: ChannelLimits): MessageChannel<M>;
  /** A message the provider accepts. */
  message: M;
  /** A message the provider refuses for good, and why in words (`an email without a subject`). */
  refused: { message: M; why: string };
  /** How the provider answers on the wire, for the fake endpoint. */
  answers: {
    /** A success; `undefined` leaves the message id out. */
    accepted(messageId: string | undefined): FakeAnswer;
    error(error: ProviderError): FakeAnswer;
  };
  /** The provider's ways of saying "not now" (throttling, unavailability), for a send it did not take. */
  notNow: ProviderError[];
  /** A server error the provider may give after it has taken the message. */
  internalError: ProviderError;
}

/**
 * The contract of `SmsChannel` and `EmailChannel` (`shared/ports/message-channels.ts`), which every
 * adapter passes: an accepted message comes back with the provider's id; a failure is sorted into
 * `SendNotAccepted` (retryable or not) when the provider certainly did not take the message, and
 * `SendOutcomeUnknown` when it may have; and the adapter sends once, leaving retries to its caller,
 * since a resend after an unknown outcome could serve a document twice. Success and refusal run
 * against the provider's local stand-in; the failures a stand-in cannot give run against a fake
 * endpoint, named as such in each test.
 */
export function describeMessageChannelContract<M>(subject: MessageChannelSubject<M>): void {
  const { adapter, provider, localEndpoint } = subject;

  describe(`${adapter} (message-channel contract)`, () => {
    describe(`against ${localEndpoint}`, () => {
      let local: LocalChannel<M>;

      beforeAll(async () => {
        local = await subject.startLocal();
      });
      afterAll(() => local?.stop());

      it(`returns ${provider}'s message id, under which ${localEndpoint} records the message as given`, async () => {
        const { providerMessageId } = await local.channel.send(subject.message);

        expect(providerMessageId).toEqual(expect.any(String));
        expect(await local.sent(providerMessageId)).toEqual(subject.message);
      });

      it('gives each accepted message its own id, even the same message sent twice', async () => {
        const first = await local.channel.send(subject.message);
        const second = await local.channel.send(subject.message);

        expect(second.providerMessageId).not.toBe(first.providerMessageId);
      });

      it(`reports ${subject.refused.why}, which ${provider} refuses, as not accepted and not retryable`, async () => {
        const error = await failureOf(local.channel.send(subject.refused.message));

        expect(error).toBeInstanceOf(SendNotAccepted);
        expect(error).toMatchObject({ retryable: false, cause: expect.any(Error) });
      });
    });

    it('reports a refused connection (nothing listening on the port) as not accepted and retryable', async () => {
      const channel = subject.channelAt(`http://127.0.0.1:${await freePort()}`, {});

      const error = await failureOf(channel.send(subject.message));

      expect(error).toBeInstanceOf(SendNotAccepted);
      expect(error).toMatchObject({ retryable: true, cause: expect.any(Error) });
    });

    describe(`against a fake endpoint (a mock of ${provider})`, () => {
      for (const notNow of subject.notNow) {
        it(`reports "not now" as not accepted and retryable, sent once, against a fake endpoint answering ${notNow.status} ${notNow.code}`, async () => {
          const fake = await fakeEndpoint(subject.answers.error(notNow));

          const error = await failureOf(subject.channelAt(fake.endpoint, {}).send(subject.message));

          expect(error).toBeInstanceOf(SendNotAccepted);
          expect(error).toMatchObject({ retryable: true, cause: expect.any(Error) });
          expect(fake.requests).toHaveLength(1);
        });
      }

      it(`reports a server error as an unknown outcome, not sent again, against a fake endpoint answering ${subject.internalError.status} ${subject.internalError.code}`, async () => {
        const fake = await fakeEndpoint(subject.answers.error(subject.internalError));

        const error = await failureOf(subject.channelAt(fake.endpoint, {}).send(subject.message));

        expect(error).toBeInstanceOf(SendOutcomeUnknown);
        expect(error).toMatchObject({ cause: expect.any(Error) });
        expect(fake.requests).toHaveLength(1);
      });

      it('reports no answer within the request timeout as an unknown outcome, not sent again, against a fake endpoint that never answers', async () => {
        const fake = await fakeEndpoint('never');

        const error = await failureOf(
          subject.channelAt(fake.endpoint, { requestTimeoutMs: 200 }).send(subject.message),
        );

        expect(error).toBeInstanceOf(SendOutcomeUnknown);
        expect(fake.requests).toHaveLength(1);
      });

      it('sends a burst beyond its sends at once in turns, each timed from when it leaves, against a fake endpoint answering 200 after 100 ms', async () => {
        // 40 sends, 4 at a time, 100 ms each: about 1 s in all, past the 300 ms timeout of a request
        // that would wait for a socket with its timeout running.
        const fake = await fakeEndpoint(subject.answers.accepted('fake-message-1'), { answerAfterMs: 100 });
        const channel = subject.channelAt(fake.endpoint, { requestTimeoutMs: 300, maxConcurrentSends: 4 });

        const results = await Promise.allSettled(Array.from({ length: 40 }, () => channel.send(subject.message)));

        expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
        expect(fake.requests, 'each sent once').toHaveLength(40);
        expect(fake.mostAtOnce(), 'never more than 4 at once').toBeLessThanOrEqual(4);
      });

      it('gives up a send that waits past its turn as not accepted and retryable, never sent, against a fake endpoint answering 200 after 300 ms', async () => {
        const fake = await fakeEndpoint(subject.answers.accepted('fake-message-1'), { answerAfterMs: 300 });
        const channel = subject.channelAt(fake.endpoint, { maxConcurrentSends: 1, maxSendWaitMs: 50 });

        const [first, second] = await Promise.allSettled([
          channel.send(subject.message),
          channel.send(subject.message),
        ]);

        expect(first).toMatchObject({ status: 'fulfilled' });
        expect(second.status === 'rejected' && second.reason).toBeInstanceOf(SendNotAccepted);
        expect(second).toMatchObject({ reason: { retryable: true } });
        expect(fake.requests, 'only the first was sent').toHaveLength(1);
      });

      it('reports a success without a message id as an unknown outcome, against a fake endpoint answering 200 without one', async () => {
        const fake = await fakeEndpoint(subject.answers.accepted(undefined));

        const error = await failureOf(subject.channelAt(fake.endpoint, {}).send(subject.message));

        expect(error).toBeInstanceOf(SendOutcomeUnknown);
      });

      it('returns the message id of a success, against a fake endpoint answering 200 with one', async () => {
        const fake = await fakeEndpoint(subject.answers.accepted('fake-message-1'));

        const accepted = await subject.channelAt(fake.endpoint, {}).send(subject.message);

        expect(accepted).toEqual({ providerMessageId: 'fake-message-1' });
      });
    });
  });
}

/** A fake endpoint for this test only. */
async function fakeEndpoint(answer: FakeAnswer | 'never', options: { answerAfterMs?: number } = {}) {
  const fake = await startFakeEndpoint(answer, options);
  onTestFinished(() => fake.close());
  return fake;
}

/** What `sending` was rejected with; fails the test if it was accepted. */
async function failureOf(sending: Promise<SendAccepted>): Promise<unknown> {
  let accepted: SendAccepted;
  try {
    accepted = await sending;
  } catch (error) {
    return error;
  }
  return expect.unreachable(`the send was accepted, as ${accepted.providerMessageId}`);
}
