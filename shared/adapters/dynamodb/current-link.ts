import type { CurrentLink } from '../../ports/links';
import type { ItemKey, TableReads } from '../../ports/table';

/**
 * The link a pointer names, read before sending another, so that the new one revokes it in the
 * same commit: its link and code open nothing afterwards (issue 10, item 5). No pointer, or a link
 * already used or revoked: nothing to revoke.
 */
export async function currentLinkAt(
  table: TableReads,
  pointerKey: ItemKey,
  linkKey: (tokenHash: string) => ItemKey,
  now: Date,
): Promise<CurrentLink> {
  const pointer = await table.get(pointerKey);
  if (!pointer) return { pointerVersion: 0, revoke: [] };
  const key = linkKey(String(pointer.attributes.tokenHash));
  const previous = await table.get(key);
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
