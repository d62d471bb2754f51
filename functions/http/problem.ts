import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { type DomainError, type ErrorCategory, isDomainError, TooManyRequests } from '../../shared/domain/errors';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Stable machine-readable code: the rule's code for 422, else the category's. */
  code: string;
  /** Field errors of a rejected body, query or path: JSON-pointer-like dotted paths. */
  errors?: Array<{ path: string; message: string }>;
  correlationId?: string;
  [extension: string]: unknown;
}

const problemTypeBase = 'https://docs.platform.example/problems/';

const statusByCategory: Record<ErrorCategory, ContentfulStatusCode> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule: 422,
  too_many: 429,
  unavailable: 503,
};

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ProblemInput {
  status: number;
  code: string;
  detail?: string;
  title?: string;
  errors?: Problem['errors'];
  details?: Record<string, unknown>;
}

export function problemResponse(c: Context, problem: ProblemInput): Response {
  const body: Problem = {
    type: `${problemTypeBase}${problem.code}`,
    title: problem.title ?? titles[problem.status] ?? 'Error',
    instance: c.req.path,
    correlationId: c.get('requestId') as string | undefined,
    ...problem,
  };
  return c.body(JSON.stringify(body), problem.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
  });
}

export function validationProblem(c: Context, error: ZodError, source: string): Response {
  return problemResponse(c, {
    status: 400,
    code: 'validation_failed',
    detail: `the request ${source} does not match the schema`,
    errors: error.issues.map((issue) => ({
      path: [source, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  });
}

/** The HTTP status of a domain error, by its category. */
export function statusOf(error: DomainError): number {
  return statusByCategory[error.category];
}

export function domainProblem(c: Context, error: DomainError): Response {
  const response = problemResponse(c, {
    status: statusByCategory[error.category],
    code: error.code,
    detail: error.message,
    ...(error.details ? { details: error.details } : {}),
  });
  if (error instanceof TooManyRequests) response.headers.set('retry-after', String(error.retryAfterSeconds));
  return response;
}

/** The headers a page answering a domain error adds: `Retry-After` when an allowance is used up. */
export function headersOf(error: DomainError): Record<string, string> {
  return error instanceof TooManyRequests ? { 'retry-after': String(error.retryAfterSeconds) } : {};
}

/**
 * The one place errors become HTTP answers: domain errors by their category, Hono's own (malformed
 * JSON, unsupported media type) by their status, anything else a 500 carrying only the correlation
 * id, so a client never sees a stack trace and support can still find the log line.
 */
export function errorToResponse(error: unknown, c: Context, onUnexpected: (error: unknown) => void): Response {
  if (isDomainError(error)) return domainProblem(c, error);
  if (error instanceof HTTPException && error.status < 500) {
    return problemResponse(c, {
      status: error.status,
      code: codeForStatus(error.status),
      detail: error.message || titles[error.status],
    });
  }
  onUnexpected(error);
  return problemResponse(c, {
    status: 500,
    code: 'internal_error',
    detail: 'an unexpected error occurred; quote the correlation id when reporting it',
  });
}

function codeForStatus(status: number): string {
  return (titles[status] ?? 'error').toLowerCase().replace(/\s+/g, '_');
}
