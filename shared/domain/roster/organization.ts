/** A mediation organization: the body a mediator belongs to and a competent court may be linked to. */
export const organizationKinds = ['peoples_mediation_committee', 'industry', 'court_annexed', 'cross_border'] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

export interface Organization {
  id: string;
  name: string;
  kind: OrganizationKind;
  /** Administrative division code of its seat. */
  regionCode: string;
  /** Courts that invite its mediations or accept its settlements for confirmation. */
  linkedCourtIds: string[];
  createdAt: string;
}

export const organizationChainId = (id: string) => `ORG#${id}`;
