import type { Court } from '../../domain/roster/court';
import { courtChainId } from '../../domain/roster/court';
import type { StoredEntity } from '../../ports/state-store';

/** How courts sit in the store: each its own aggregate, listed by name on the roster index. */
export const courtRecords = {
  key: (courtId: string) => ({ pk: courtChainId(courtId), sk: 'ROOT' }),
  rosterIndex: 'ROSTER#court',
  clientIndex: (clientId: string) => ({ pk: `COURT_CLIENT#${clientId}`, sk: 'COURT_CLIENT' }),
  fromEntity: (entity: StoredEntity): Court => entity.attributes as unknown as Court,
};
