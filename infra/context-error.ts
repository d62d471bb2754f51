/**
 * A deploy that could not work, refused at synth: a context key missing or wrong. The CDK app prints
 * its message alone (no stack trace): it says what to give.
 */
export class PlatformContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformContextError';
  }
}
