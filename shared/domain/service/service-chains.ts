/**
 * The chain ids of a service: the service's own chain, and one per recipient. They are part of the
 * published proof rule (docs/proof-of-service.md): a verifier checks that a recipient's chain is
 * the one named after that recipient, so no other chain can stand in for it.
 */
export const serviceChainId = (serviceId: string) => `SERVICE#${serviceId}`;
export const recipientChainId = (serviceId: string, recipientId: string) =>
  `SERVICE#${serviceId}#RECIPIENT#${recipientId}`;
