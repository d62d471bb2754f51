/**
 * Errors an OfferLifecycle task throws on purpose. Their `name` is what Step Functions matches in
 * Retry and Catch, so the definition refers to these names, never to string copies.
 */
export const offerTaskErrors = {
  /** The expiry ran before the offer's deadline (clocks apart): retry shortly. */
  notYetDue: 'OfferNotYetDue',
} as const;

export class OfferNotYetDue extends Error {
  constructor(message: string) {
    super(message);
    this.name = offerTaskErrors.notYetDue;
  }
}
