import { SendNotAccepted, SendOutcomeUnknown } from '../ports/message-channels';

/**
 * Sorts a provider's failure into what the caller may do next. Throttling, a 429 or a 503, or a
 * connection that never opened: the provider did not accept the message, so it may be retried. Any
 * other 4xx: refused for good. Anything else (another 5xx, a timeout after the request left): the
 * provider may have accepted it, so the outcome is unknown and the message is not sent again blindly.
 */
export function classifySendFailure(
  error: unknown,
  provider: { name: string; what: string; throttlingErrors: ReadonlySet<string> },
): SendNotAccepted | SendOutcomeUnknown {
  const name = error instanceof Error ? error.name : 'unknown';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  const { name: providerName, what } = provider;
  // 503 means "not now" before acceptance; other 5xx may come after the provider took the message.
  if (provider.throttlingErrors.has(name) || status === 429 || status === 503) {
    return new SendNotAccepted(`${providerName} did not accept the ${what} (${name}); it may be retried`, {
      retryable: true,
      cause: error,
    });
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new SendNotAccepted(`${providerName} rejected the ${what} (${name})`, { retryable: false, cause: error });
  }
  if (neverConnected(error)) {
    return new SendNotAccepted(`${providerName} could not be reached (${name}); it may be retried`, {
      retryable: true,
      cause: error,
    });
  }
  return new SendOutcomeUnknown(`${providerName} may or may not have accepted the ${what} (${name})`, { cause: error });
}

/** Failures that happen before a byte of the request left: nothing can have been accepted. */
function neverConnected(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : '';
  return (
    (typeof code === 'string' &&
      ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) ||
    message.includes('did not establish a connection')
  );
}
