/**
 * Domain errors carry a kind that the HTTP edge maps to a status code, and problems that name the
 * offending field. The domain never knows about HTTP, nor about batches: `at('events[3].')` names the
 * fields of one item of a batch.
 */
export type DomainErrorKind =
  | 'invalid' // 400: the request is malformed or names something unknown
  | 'not-found' // 404
  | 'conflict' // 409: retracting twice, idempotency clash, stale revision
  | 'unprocessable'; // 422: a reference that does not resolve

/** One thing wrong with a request. With a `field`, the message starts with that field's path. */
export interface Problem {
  readonly field?: string;
  readonly message: string;
}

/** A problem with one field: `about('target', ' must differ from actor')`, `about('details.x', ': unknown field')`. */
export const about = (field: string, rest: string): Problem => ({ field, message: `${field}${rest}` });

export class DomainError extends Error {
  readonly problems: readonly Problem[];

  constructor(
    readonly kind: DomainErrorKind,
    problems: string | Problem | readonly Problem[],
    readonly extra: Record<string, unknown> = {},
  ) {
    const list = typeof problems === 'string' ? [{ message: problems }] : 'message' in problems ? [problems] : problems;
    super(list.map((p) => p.message).join('; '));
    this.name = 'DomainError';
    this.problems = list;
  }

  /** The same error with every field it names prefixed, for an item of a batch. */
  at(prefix: string): DomainError {
    if (!prefix) return this;
    const problems = this.problems.map((p) =>
      p.field ? about(`${prefix}${p.field}`, p.message.slice(p.field.length)) : p,
    );
    return new DomainError(this.kind, problems, this.extra);
  }
}

type Problems = ConstructorParameters<typeof DomainError>[1];
export const invalid = (problems: Problems) => new DomainError('invalid', problems);
export const notFound = (problems: Problems) => new DomainError('not-found', problems);
export const conflict = (problems: Problems, extra: Record<string, unknown> = {}) =>
  new DomainError('conflict', problems, extra);
export const unprocessable = (problems: Problems) => new DomainError('unprocessable', problems);
