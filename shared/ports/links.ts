import type { EntityWrite } from './table';

/** A person's current link of one kind (an invitation, a signing link): its pointer's version and the revoking write. */
export interface CurrentLink {
  pointerVersion: number;
  revoke: EntityWrite[];
}
