export { DomainError, NotFoundError, ConflictError, ValidationError, type FieldProblem } from './domain-error';
export type { ErrorBody } from './error-body';
