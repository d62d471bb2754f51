import { createHash } from 'node:crypto';
import { type HolidayCalendar, periodEnd } from '../calendar/service-periods';
import { DomainError } from '../errors';
import type { Settlement, Signature } from './settlement';

/** Judicial confirmation is applied for within 30 days of the settlement taking effect (DESIGN.md Rules). */
export const applicationWindowDays = 30;

/** The hash a party signed is not the current document's: the terms changed since they read them. */
export class DocumentChanged extends DomainError {
  readonly category = 'conflict' as const;
  readonly code = 'document_changed';
}

/**
 * The settlement after one party's signature. A party signs the document's SHA-256, so a hash that
 * is not the current document's is refused (the terms changed under them). When every party of the
 * dispute has signed, the settlement takes effect at that instant and the window to apply for
 * judicial confirmation opens: 30 days, the day of effect not counted, a last day that is no
 * working day moving to the next working day (Civil Procedure Law art. 85; DESIGN.md Periods).
 */
export function withSignature(
  settlement: Settlement,
  signature: Signature,
  context: { partyIds: string[]; calendar: HolidayCalendar },
): Settlement {
  if (signature.documentSha256 !== settlement.document.sha256) {
    throw new DocumentChanged('the document changed since it was read; read it again and sign the new hash', {
      details: { currentSha256: settlement.document.sha256 },
    });
  }
  const signatures = [...settlement.signatures.filter((held) => held.partyId !== signature.partyId), signature];
  const signed = new Set(signatures.map((held) => held.partyId));
  if (!context.partyIds.every((partyId) => signed.has(partyId))) return { ...settlement, signatures };
  const deadline = periodEnd(new Date(signature.signedAt), applicationWindowDays, context.calendar);
  return {
    ...settlement,
    signatures,
    status: 'effective',
    effectiveAt: signature.signedAt,
    applicationDeadline: { lastDay: deadline.lastDay, endsAt: deadline.endsAt.toISOString() },
  };
}

/** The parties who have not signed the current document yet. */
export function missingSignatures(settlement: Settlement, partyIds: string[]): string[] {
  const signed = new Set(settlement.signatures.map((held) => held.partyId));
  return partyIds.filter((partyId) => !signed.has(partyId));
}

/** Where a signature came from, as the request shows it. */
export interface SigningClient {
  userAgent?: string;
  ip?: string;
}

/** What a signature keeps of where it came from, as evidence: the user agent (cut short) and the address only as a hash. */
export function signatureClient(client: SigningClient): Signature['client'] {
  return {
    ...(client.userAgent ? { userAgent: client.userAgent.slice(0, 256) } : {}),
    ...(client.ip ? { ipHash: createHash('sha256').update(client.ip).digest('hex').slice(0, 32) } : {}),
  };
}
