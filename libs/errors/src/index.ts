export { DomainError, NotFoundError, ConflictError } from './domain-error';
export type { ErrorBody } from './error-body';
