/** Who is calling: one of the platform's four kinds of user and their stable identifier. */
export const roles = ['party', 'mediator', 'court', 'operator'] as const;
export type Role = (typeof roles)[number];

export interface Principal {
  role: Role;
  /** A person's Cognito `sub`, or a court's app-client `client_id`. */
  subjectId: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
