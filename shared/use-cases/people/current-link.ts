import type { EntityWrite, ItemKey, StateStore } from '../../ports/state-store';

/** A person's current link of one kind (an invitation, a signing link): its pointer's version and the revoking write. */
export interface CurrentLink {
  pointerVersion: number;
  revoke: EntityWrite[];
}

/**
 * The link a pointer names, read before sending another, so that the new one revokes it in the
 * same commit: its link and code open nothing afterwards (issue 10, item 5). No pointer, or a link
 * already used or revoked: nothing to revoke.
 */
export async function currentLink(
  store: StateStore,
  pointerKey: ItemKey,
  linkKey: (tokenHash: string) => ItemKey,
  now: Date,
): Promise<CurrentLink> {
  const pointer = await store.get(pointerKey);
  if (!pointer) return { pointerVersion: 0, revoke: [] };
  const key = linkKey(String(pointer.attributes.tokenHash));
  const previous = await store.get(key);
  const open = previous && !previous.attributes.usedAt && !previous.attributes.revokedAt;
  return {
    pointerVersion: pointer.version,
    revoke: open
      ? [
          {
            key,
            expectedVersion: previous.version,
            attributes: { ...previous.attributes, revokedAt: now.toISOString() },
          },
        ]
      : [],
  };
}
