/**
 * An error the user can act on: a stable code, an English and a Chinese message, the field it
 * concerns and the HTTP status it maps to. Everything else is an unexpected error.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly messageZh: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string, whatZh: string) {
    super(`${what.toUpperCase()}_NOT_FOUND`, 404, `${what} ${id} does not exist`, `${whatZh}不存在：${id}`);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, messageZh: string, field?: string) {
    super(code, 409, message, messageZh, field);
  }
}

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** Input that fails validation: the first offending field, and all of them in details. */
export class ValidationError extends DomainError {
  constructor(readonly details: FieldProblem[]) {
    super('VALIDATION_FAILED', 400, details[0]?.message ?? 'invalid input', '输入不合法', details[0]?.field);
  }
}
