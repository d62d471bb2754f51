import * as z from 'zod';
import type { Principal } from '../../domain/principal';
import type { PersonalDataViewRecorder, ViewedSubject, ViewPurpose } from '../../ports/personal-data-views';
import type { StateStore } from '../../ports/state-store';

export interface PersonalDataView {
  seq: number;
  at: string;
  /** Who saw it (role and subject, as the chain's event records its actor). */
  viewer: { role: string; subjectId: string };
  purpose: ViewPurpose;
  /** The page that showed it. */
  page: string;
  subjects: ViewedSubject[];
}

export const personalDataViewType = 'personal_data.viewed';

/** The audit chain of one purpose: its own chain, so a view never waits on (or changes) the case's history. */
export function auditChainId(purpose: ViewPurpose): string {
  return `AUDIT#${purpose.kind === 'dispute' ? 'CASE' : 'SERVICE'}#${purpose.id}`;
}

/**
 * Every showing of a party's contact or a recipient's postal address is written down before the
 * page is sent: who saw it, when, for which case, and whose fields (PIPL art. 51 and 54: access to
 * personal information is controlled and auditable). The entry is an event on a hash chain of its
 * own per case or service, checkpointed like every chain, so an entry cannot be removed unseen.
 * A page that cannot write its entry shows nothing: the caller records first, then renders.
 */
export async function recordPersonalDataView(
  deps: { store: StateStore },
  viewer: Principal,
  view: { purpose: ViewPurpose; page: string; subjects: ViewedSubject[] },
): Promise<void> {
  if (view.subjects.length === 0) return;
  await deps.store.commit({
    chainId: auditChainId(view.purpose),
    writes: [],
    event: {
      type: personalDataViewType,
      actor: viewer,
      data: { purpose: view.purpose, page: view.page, subjects: view.subjects },
    },
  });
}

const viewData = z.object({
  purpose: z.object({ kind: z.enum(['dispute', 'service']), id: z.string() }),
  page: z.string(),
  subjects: z.array(
    z.object({
      ref: z.string(),
      personId: z.string().optional(),
      fields: z.array(z.enum(['phone', 'email', 'postal_address', 'name'])),
    }),
  ),
});

/** The views of personal data for one case or service, oldest first (for audits, and the tests). */
export async function listPersonalDataViews(
  deps: { store: StateStore },
  purpose: ViewPurpose,
): Promise<PersonalDataView[]> {
  const chain = await deps.store.readChain(auditChainId(purpose));
  return chain.events
    .filter((event) => event.type === personalDataViewType)
    .map((event) => {
      const data = viewData.parse(event.data);
      return {
        seq: event.seq,
        at: event.at,
        viewer: { role: event.actor.role, subjectId: event.actor.subjectId },
        purpose: data.purpose,
        page: data.page,
        subjects: data.subjects.map(({ personId, ...subject }) => ({ ...subject, ...(personId ? { personId } : {}) })),
      };
    });
}

/** `recordPersonalDataView` on one store: what the composition roots lend the other features. */
export function personalDataViewRecorderOf(deps: { store: StateStore }): PersonalDataViewRecorder {
  return (viewer, view) => recordPersonalDataView(deps, viewer, view);
}
