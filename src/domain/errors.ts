/**
 * Domain errors carry a kind that the HTTP edge maps to a status code, and a
 * message that names the offending field. The domain never knows about HTTP.
 */
export type DomainErrorKind =
  | 'invalid' // 400: the request is malformed or names something unknown
  | 'not-found' // 404
  | 'conflict' // 409: retracting twice, idempotency clash, stale revision
  | 'unprocessable'; // 422: a reference that does not resolve

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string) => new DomainError('invalid', message);
export const notFound = (message: string) => new DomainError('not-found', message);
export const conflict = (message: string, extra: Record<string, unknown> = {}) =>
  new DomainError('conflict', message, extra);
export const unprocessable = (message: string) => new DomainError('unprocessable', message);
