import type { ConsentBasis } from '../../shared/domain/mediation/case-party';

/**
 * The shape of one simulated population's inputs. Each population lives in its own parameters
 * file (`service-simulation-parameters*.ts`) with every figure marked as PUBLISHED, DERIVED or an
 * ASSUMPTION. The platform's own settings (timeouts, link validity) are NOT inputs here: the
 * simulation reads them from the synthesized ServiceDelivery definition and the service settings
 * the platform runs with, so they cannot drift from what is deployed.
 */

/** A source's model: the chance a person has one, the channel it names, the chance it names the current handle, the age of its observation in days. */
export interface SourceModel {
  present: number;
  sms: number;
  current: number;
  ageDays: readonly [number, number];
}

export interface DesignationModel {
  current: number;
  ageDays: readonly [number, number];
}

export interface PopulationParameters {
  /** Short name used in the bench's rows and chart. */
  name: string;
  description: string;
  population: {
    recipients: number;
    /** The seed the strategy was tuned on. */
    seed: number;
    /** A seed never looked at while tuning: reported beside the tuned one. */
    heldOutSeed: number;
    casesPerRecipient: number;
    daysBetweenCases: number;
  };
  consent: { share: number; basis: Readonly<Partial<Record<ConsentBasis, number>>> };
  handles: {
    /** The current mobile reaches the person; otherwise it is silent (delivered, read by nobody). */
    currentMobileWorks: number;
    hasOldMobile: number;
    oldMobileDead: number;
    hasCurrentEmail: number;
    /** The current mailbox is read by the person; otherwise it is silent. */
    currentEmailWorks: number;
    hasOldEmail: number;
    oldEmailDead: number;
    wrongHandleDead: number;
    churnPerCaseInterval: number;
  };
  sources: {
    registration_record: SourceModel;
    other_party_provided: SourceModel;
    civil_activity_record: SourceModel;
    court_record: SourceModel;
  };
  designation: {
    platformDeclaration: DesignationModel;
    contractClause: DesignationModel;
    earlierLitigation: DesignationModel;
    /** Share of designated addresses that are mobiles (else email). */
    sms: number;
  };
  delivery: {
    smsReceiptMedianSeconds: number;
    emailDeliveryMedianSeconds: number;
    latencySigma: number;
    smsTransientFailure: number;
    emailTransientFailure: number;
    bounceSeconds: number;
  };
  response: {
    /** Opens every link that reaches them (views the document), at their response time. */
    opens: number;
    /** Of those who open, the share who never sign for the document (they read it but do not sign). */
    neverSigns: number;
    smsMedianHours: number;
    emailMedianFactor: number;
    personSigma: number;
    messageSigma: number;
  };
}
