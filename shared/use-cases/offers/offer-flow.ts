import type { Principal } from '../../domain/principal';

/** The platform itself, as the actor of automatic offers and expiries in a case's chain. */
export const offerActor: Principal = { role: 'operator', subjectId: 'platform:offers' };
