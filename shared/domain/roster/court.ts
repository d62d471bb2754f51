import { NotFound } from '../errors';

/**
 * A court on the roster. Its level and jurisdiction decide later whether it is competent to confirm
 * a settlement (basic-level courts where a party lives, where the subject matter is or where the
 * mediation organization is; intermediate courts for disputes within their jurisdiction).
 */
export const courtLevels = ['basic', 'intermediate', 'high', 'supreme'] as const;
export type CourtLevel = (typeof courtLevels)[number];

export interface Court {
  id: string;
  name: string;
  level: CourtLevel;
  /** Administrative division code of the court's seat (GB/T 2260, six digits). */
  regionCode: string;
  jurisdiction: {
    /** Division codes the court hears disputes from; a prefix covers every division inside it. */
    regions: string[];
    /** Dispute categories the court hears; empty means all. */
    caseTypes: string[];
  };
  /**
   * The app client by which the court calls the API (client credentials): given at registration, or
   * issued by an operator (POST /v1/courts/{id}/credentials). Kept after a revocation, as the last
   * client the court used (the platform serves its rulings under it).
   */
  clientId?: string;
  /** After a rotation: the replaced client, accepted until `previousClientRetiresAt`. */
  previousClientId?: string;
  previousClientRetiresAt?: string;
  /** When an operator revoked the court's credentials; cleared when new ones are issued. */
  credentialsRevokedAt?: string;
  createdAt: string;
}

export const courtChainId = (courtId: string) => `COURT#${courtId}`;

/**
 * Which court an API client stands for: one per client, kept after the client ends (revoked at
 * once, or retiring at the end of a rotation's grace), so a token it still holds is refused.
 */
export interface CourtClient {
  courtId: string;
  revokedAt?: string;
  retiresAt?: string;
}

/**
 * The court a court client acts for (its app client id maps to it, `Roster.courtIdOfClient`). A
 * client that is no registered court is told it is not found, as everywhere a court reaches.
 */
export function registeredCourt(courtId: string | undefined): string {
  if (courtId === undefined) throw new NotFound('no court is registered for this client');
  return courtId;
}
