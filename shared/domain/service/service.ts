import type { Principal } from '../principal';

/** Kinds of document a court serves (issue 4, item 3). */
export const documentKinds = ['notice', 'summons', 'ruling', 'settlement'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** A service: one document served on its recipients, at the request of a court or an operator. */
export interface ServiceRecord {
  serviceId: string;
  document: {
    title: string;
    kind: DocumentKind;
    mediaType: string;
    sha256: string;
    size: number;
    key: string;
  };
  requestedBy: { role: string; subjectId: string };
  courtId?: string;
  /** Who the messages say the document is from: the court's name, or the platform's. */
  issuer: string;
  /** The language of the SMS texts (the emails carry both); Chinese when absent. */
  language?: 'zh' | 'en';
  recipientIds: string[];
  createdAt: string;
}

/** A recipient of a large service that is not written yet (the service's creation goes on in chunks). */
export interface PendingRecipient {
  recipientId: string;
  personId: string;
  personHash: string;
}

/** Outbox type: every recipient of a service is written, its deliveries may start. */
export const serviceRequestedType = 'service.requested';

/** The platform itself, as the actor of the workflow's events. */
export const serviceActor: Principal = { role: 'operator', subjectId: 'platform:service-delivery' };
