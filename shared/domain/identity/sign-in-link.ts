import type { IdentityAssurance } from './identity-assurance';

/** A sign-in (`sub`) linked, one to one, to a person, with the assurance level reached then. */
export interface SignInLink {
  personHash: string;
  assurance: IdentityAssurance;
  linkedAt: string;
}
