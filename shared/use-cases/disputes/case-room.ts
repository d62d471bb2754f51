import type { Mediator } from '../../domain/mediation/mediator';
import type { Principal } from '../../domain/principal';
import { type ConfirmationSummary, confirmationSummary } from '../../domain/settlement/confirmation-request';
import type { StoredSettlement } from '../../domain/settlement/settlement';
import type { PersonalDataViewRecorder, ViewedSubject } from '../../ports/personal-data-views';
import type { StateStore } from '../../ports/state-store';
import { loadDisputeAsItsMediator } from './dispute-access';
import { type DisputeView, getDispute } from './read-disputes';

/** A party's contact as the case room shows it: only to the case's mediator, only while it is open. */
export interface PartyContact {
  partyId: string;
  name: string;
  phone?: string;
  email?: string;
}

export interface CaseRoom extends DisputeView {
  mediator: Pick<Mediator, 'id' | 'name' | 'organizationId'>;
  /** The parties' contacts; absent once the case is closed (they are no longer the mediator's to see). */
  contacts?: PartyContact[];
  settlement?: StoredSettlement;
  /**
   * Every application for the settlement's confirmation, oldest first, with its court's name: the
   * court's answer (acceptance, ruling or rejection with its reasons) is the mediator's to read too.
   */
  confirmations?: Array<ConfirmationSummary & { courtName?: string }>;
}

/** The page a view is recorded for (the audit log says which page showed the data). */
export const caseRoomPage = '/inbox/disputes/{id}';

/**
 * The mediator's case room: the dispute, its parties, its timeline and deadlines, and its
 * settlement with every signature, for the dispute's own mediator only (anyone else: 404).
 *
 * The parties' phone numbers and email addresses are what a mediator needs to mediate; they are
 * shown only while the dispute is in mediation, and each showing is written to the audit log with
 * the mediator, the time and the case before the room is returned (no entry, no contacts). A
 * closed case keeps its outcome, settlement and history, but no longer its contacts.
 */
export async function openCaseRoom(
  deps: { store: StateStore; recordPersonalDataView: PersonalDataViewRecorder },
  principal: Principal,
  disputeId: string,
): Promise<CaseRoom> {
  const { mediator } = await loadDisputeAsItsMediator(deps.store, principal, disputeId);
  const [view, settlement] = await Promise.all([
    getDispute(deps, principal, disputeId),
    deps.store.settlements.settlementOfDispute(disputeId),
  ]);
  const confirmations = settlement ? await confirmationsOf(deps.store, settlement.settlement.settlementId) : [];
  const room: CaseRoom = {
    ...view,
    mediator: { id: mediator.id, name: mediator.name, organizationId: mediator.organizationId },
    ...(settlement ? { settlement: settlement.settlement } : {}),
    ...(confirmations.length > 0 ? { confirmations } : {}),
  };
  if (view.dispute.status !== 'in_mediation') return room;

  const contacts = (await deps.store.disputes.parties(disputeId)).map((party) => {
    const phone = party.serviceAddress?.phone ?? party.contact.phone;
    const email = party.serviceAddress?.email ?? party.contact.email;
    return { partyId: party.partyId, name: party.name, ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
  });
  const subjects: ViewedSubject[] = contacts.flatMap((contact) => {
    const fields = [...(contact.phone ? ['phone' as const] : []), ...(contact.email ? ['email' as const] : [])];
    return fields.length > 0 ? [{ ref: contact.partyId, fields }] : [];
  });
  await deps.recordPersonalDataView(principal, {
    purpose: { kind: 'dispute', id: disputeId },
    page: caseRoomPage,
    subjects,
  });
  return { ...room, contacts };
}

/** The settlement's applications for confirmation, each with its court's name (a court left the roster: its id only). */
async function confirmationsOf(store: StateStore, settlementId: string): Promise<CaseRoom['confirmations'] & object> {
  const requests = await store.confirmationRequests.requestsOfSettlement(settlementId);
  return Promise.all(
    requests.map(async (request) => {
      const court = (await store.roster.court(request.courtId))?.value;
      return { ...confirmationSummary(request), ...(court ? { courtName: court.name } : {}) };
    }),
  );
}
