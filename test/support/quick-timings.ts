/** Waits in milliseconds for tests on the embedded stack: the production ones are seconds and minutes. */
export const quickTimings = { taskRetryMs: 30, relayPollMs: 25, relayMaxBackoffMs: 500, deliveryRetryMs: 20 };
