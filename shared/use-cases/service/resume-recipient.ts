import { NotFound, RuleViolation } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import { rankAddresses } from '../../domain/service/address-ranking';
import type { PlannedAddress, RecipientRecord } from '../../domain/service/recipient';
import { serviceActor } from '../../domain/service/service';
import type { Clock } from '../../ports/clock';
import type { OutboxHandler } from '../../ports/outbox';
import type { StateStore } from '../../ports/state-store';
import type { WorkflowEngine } from '../../ports/workflows';
import * as z from '../../validation/zod-mini';
import { personConsent } from './party-addresses';
import { visibleService } from './read-service';
import { recipientChange } from './recipient-change';

/*
 * Service is never a dead end (DESIGN.md, "A recipient left `unserved` for lack of an address
 * resumes when one arrives"). An unserved recipient resumes on its own when its person's addresses
 * or consent change, and an operator or the serving court may retry it. Resuming keeps every
 * attempt made (their links stay valid, they stay evidence) and plans the addresses after them;
 * the recipient goes back to `attempting` and a new run of its ServiceDelivery workflow continues
 * from the recipient's state, through the outbox of the same commit.
 */

/** The outbox item that starts the resumed recipient's next workflow run. */
export const recipientResumedType = 'service.recipient_resumed';

type ResumeReason = 'address_arrived' | 'retry';

type Resumed =
  | { resumed: true; recipient: RecipientRecord }
  | { resumed: false; code: 'recipient_not_unserved' | 'no_consent' | 'no_usable_address'; detail: string };

/**
 * Resume one unserved recipient, if it now has somewhere to go: its consent and, after the
 * addresses already tried, an address the plan accepts. On `address_arrived` only addresses not
 * tried before count (nothing new, nothing happens); a `retry` may try the failed ones again.
 */
async function resume(
  deps: { store: StateStore; clock: Clock },
  ref: { serviceId: string; recipientId: string },
  reason: ResumeReason,
  actor: Principal,
): Promise<Resumed> {
  return retryOnConflict(async () => {
    const loaded = await deps.store.services.recipient(ref.serviceId, ref.recipientId);
    const recipient = loaded.value;
    if (recipient.status !== 'unserved') {
      return {
        resumed: false,
        code: 'recipient_not_unserved',
        detail: `only an unserved recipient can be retried (this one is ${recipient.status})`,
      } as const;
    }
    const [book, consent] = await Promise.all([
      deps.store.services.addressBook(recipient.personHash),
      personConsent(deps.store, recipient.personHash),
    ]);
    if (!consent) {
      return {
        resumed: false,
        code: 'no_consent',
        detail: 'the recipient has not consented to electronic service',
      } as const;
    }
    const now = deps.clock.now();
    const ranked = rankAddresses(book.value, { now, consent });
    const tried = new Set(recipient.attempts.map((attempt) => attempt.addressId));
    const sourcesOf = new Map(book.value.map((address) => [address.addressId, address.sources]));
    const fresh: PlannedAddress[] = ranked.plan
      .filter((entry) => reason === 'retry' || !tried.has(entry.addressId))
      .map((entry) => ({
        addressId: entry.addressId,
        channel: entry.channel,
        value: entry.value,
        sources: sourcesOf.get(entry.addressId) ?? [],
        score: entry.score,
        completesAtDelivery: entry.completesAtDelivery,
      }));
    if (fresh.length === 0) {
      return {
        resumed: false,
        code: 'no_usable_address',
        detail: 'no address may be served to that was not tried',
      } as const;
    }
    const run = (recipient.resumes ?? 0) + 1;
    // Attempt n uses plan entry n: the entries already attempted stay, the new ones follow.
    const plan = [...(recipient.plan ?? []).slice(0, recipient.attempts.length), ...fresh];
    const next: RecipientRecord = {
      ...recipient,
      status: 'attempting',
      plannedAt: recipient.plannedAt ?? now.toISOString(),
      plan,
      excluded: ranked.excluded,
      consentBasis: consent.basis,
      unserved: undefined,
      resumes: run,
    };
    await deps.store.commit(
      recipientChange(deps.store, loaded, next, 'service.resumed', {
        actor,
        data: {
          reason,
          after: recipient.unserved?.reason ?? 'unserved',
          planned: fresh.length,
          consent: { basis: consent.basis, identityAssurance: consent.assurance?.level ?? 'unrecorded' },
        },
        outbox: [
          { type: recipientResumedType, payload: { serviceId: ref.serviceId, recipientId: ref.recipientId, run } },
        ],
      }),
    );
    return { resumed: true, recipient: next } as const;
  });
}

/**
 * `POST /v1/services/{id}/recipients/{recipientId}/retry`: an operator or the serving court
 * serves an unserved recipient again, trying every usable address in order. 422 when it is not
 * unserved or has no consent or no usable address; nothing changes then.
 */
export async function retryRecipient(
  deps: { store: StateStore; clock: Clock },
  principal: Principal,
  serviceId: string,
  recipientId: string,
): Promise<RecipientRecord> {
  await visibleService(deps.store, principal, serviceId);
  await deps.store.services.recipient(serviceId, recipientId).catch((error: unknown) => {
    if (error instanceof NotFound) throw new NotFound(`no recipient ${recipientId} in service ${serviceId}`);
    throw error;
  });
  const outcome = await resume(deps, { serviceId, recipientId }, 'retry', principal);
  if (!outcome.resumed) throw new RuleViolation(outcome.code, outcome.detail);
  return outcome.recipient;
}

/**
 * On `person.contacts_changed`: every recipient of the person waiting unserved resumes if the
 * change gave it somewhere to go. The waiting list is an index of the person's unserved recipients.
 */
export function onContactsChanged(deps: { store: StateStore; clock: Clock }): OutboxHandler {
  return async (item) => {
    const { personHash } = z.parseOrThrow(contactsSchema, item.payload);
    let cursor: string | undefined;
    do {
      const page = await deps.store.services.awaitingAddress(personHash, {
        limit: 50,
        ...(cursor ? { cursor } : {}),
      });
      for (const ref of page.items) await resume(deps, ref, 'address_arrived', serviceActor);
      cursor = page.cursor;
    } while (cursor);
  };
}

/** On `service.recipient_resumed`: start the run, named by the recipient and the run, once. */
export function onRecipientResumed(deps: { workflows: WorkflowEngine }): OutboxHandler {
  return async (item) => {
    const { serviceId, recipientId, run } = z.parseOrThrow(resumedSchema, item.payload);
    await deps.workflows.start('ServiceDelivery', `${recipientId}-r${run}`, { serviceId, recipientId });
  };
}

const contactsSchema = z.object({ personHash: z.string().check(z.minLength(1)) });
const refSchema = z.object({
  serviceId: z.string().check(z.minLength(1)),
  recipientId: z.string().check(z.minLength(1)),
});
const resumedSchema = z.extend(refSchema, { run: z.int().check(z.positive()) });
