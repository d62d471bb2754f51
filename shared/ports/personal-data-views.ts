import type { Principal } from '../domain/principal';

/*
 * Writing down a view of personal data (the audit feature's), as a capability the features that
 * show personal data (the case room, the service centre) receive in their deps, wired by the
 * composition roots.
 */

/**
 * Why personal data was shown: the case (a dispute in mediation) or the service (a recipient
 * waiting for alternative service) the viewer works on. Nobody reads a contact "in general".
 */
export interface ViewPurpose {
  kind: 'dispute' | 'service';
  id: string;
}

/** Whose data was shown and which of it: never the values themselves, which the log must not copy. */
export interface ViewedSubject {
  /** The case party (`prt_…`) or the service recipient (`rcp_…`) shown. */
  ref: string;
  /** The person's public id, when the view names one. */
  personId?: string;
  fields: Array<'phone' | 'email' | 'postal_address' | 'name'>;
}

/** Records who saw whose fields, for which purpose, on which page, before the page is sent. */
export type PersonalDataViewRecorder = (
  viewer: Principal,
  view: { purpose: ViewPurpose; page: string; subjects: ViewedSubject[] },
) => Promise<void>;
