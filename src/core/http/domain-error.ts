// Typed errors: services throw a DomainError with a stable code; the problem-details filter
// turns the code into an HTTP status, and the worker logs the same code. No HTTP in services.

export type DomainErrorCode =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'domain_rule'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'request_timeout'
  | 'unavailable';

export interface FieldError {
  field: string;
  message: string;
}

export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  domain_rule: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  request_timeout: 408,
  unavailable: 503,
};

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly errors?: FieldError[],
    /** Seconds, for rate_limited and unavailable: becomes the Retry-After header. */
    readonly retryAfter?: number,
    /** RFC 9457 extension members, e.g. the id of the resource a conflict names. */
    readonly extensions?: Record<string, string | number | boolean>,
  ) {
    super(message);
  }

  static notFound(resource: string): DomainError {
    return new DomainError('not_found', `${resource} not found`);
  }

  static conflict(message: string, field?: string): DomainError {
    return new DomainError('conflict', message, field ? [{ field, message }] : undefined);
  }

  static validation(field: string, message: string): DomainError {
    return new DomainError('validation', `${field}: ${message}`, [{ field, message }]);
  }
}
