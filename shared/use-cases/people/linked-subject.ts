import { personSubjectId } from '../../domain/identity/person-id';
import type { StateStore } from '../../ports/state-store';

/**
 * The subject a linked sign-in acts as (`person:<hash>`, see sign-in-links.ts); undefined before it
 * is linked. A module of its own because every HTTP function's guard asks it on each request
 * (app-shell.ts), while linking itself, with the identity checks and phone numbers it needs, is
 * the sign-in group's alone.
 */
export async function linkedSubject(store: StateStore, sub: string): Promise<string | undefined> {
  const link = await store.people.signInLink(sub);
  return link ? personSubjectId(link.personHash) : undefined;
}
