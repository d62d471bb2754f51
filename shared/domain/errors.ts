/**
 * The domain's named errors. Each carries the category that decides its HTTP status in one place
 * (functions/http/problem.ts), and a stable `code` that clients may branch on.
 */
export type ErrorCategory =
  | 'not_found' // 404: absent, or present but not visible to the caller
  | 'forbidden' // 403: the caller's role may never do this
  | 'conflict' // 409: a lost race or a conflicting repeat
  | 'rule' // 422: a rule of the domain says no
  | 'invalid' // 400: input that breaks the schema
  | 'too_many' // 429: an allowance is used up for now (with when to retry)
  | 'unavailable'; // 503: a provider the rule depends on could not answer; nothing was decided

export abstract class DomainError extends Error {
  abstract readonly category: ErrorCategory;
  abstract readonly code: string;
  /** Extra, client-safe details (never personal data). */
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options?.details;
  }
}

export class NotFound extends DomainError {
  readonly category = 'not_found' as const;
  readonly code = 'not_found';
}

/** What a read found, or NotFound saying what is `missing`. */
export function found<T>(value: T | undefined, missing: string): T {
  if (value === undefined) throw new NotFound(missing);
  return value;
}

export class Forbidden extends DomainError {
  readonly category = 'forbidden' as const;
  readonly code = 'forbidden';
}

/** Someone else changed the entity between our read and our write. */
export class ConcurrentModification extends DomainError {
  readonly category = 'conflict' as const;
  readonly code = 'concurrent_modification';
}

/** The entity already exists (a create that lost a race, or a repeat of a create). */
export class AlreadyExists extends DomainError {
  readonly category = 'conflict' as const;
  readonly code = 'already_exists';
}

/**
 * An earlier run of this request (the same Idempotency-Key) already committed its work, and its
 * answer was lost (the run stopped before it was kept): this run does nothing. The client reads
 * what it created or changed instead.
 */
export class AlreadyDone extends DomainError {
  readonly category = 'conflict' as const;
  readonly code = 'idempotent_request_done';
}

/** Input that no schema caught but is still malformed (a forged cursor, say). */
export class InvalidInput extends DomainError {
  readonly category = 'invalid' as const;
  readonly code = 'invalid_input';
}

/** A domain rule refused the request; `code` names the rule. */
export class RuleViolation extends DomainError {
  readonly category = 'rule' as const;
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options);
    this.code = code;
  }
}

/** An allowance (domain/limits/allowance.ts) is used up until `retryAt`; nothing was done or sent. */
export class TooManyRequests extends DomainError {
  readonly category = 'too_many' as const;
  readonly code: string;
  /** Whole seconds from `now` to `retryAt` (at least 1): the answer's `Retry-After`. */
  readonly retryAfterSeconds: number;
  constructor(code: string, message: string, when: { retryAt: Date; now: Date }) {
    super(message, { details: { retryAt: when.retryAt.toISOString() } });
    this.code = code;
    this.retryAfterSeconds = Math.max(1, Math.ceil((when.retryAt.getTime() - when.now.getTime()) / 1000));
  }
}

/** A provider a decision depends on (the identity provider) gave no answer: decide nothing, try later. */
export class DependencyUnavailable extends DomainError {
  readonly category = 'unavailable' as const;
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options);
    this.code = code;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
