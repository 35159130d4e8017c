import { DomainError, ValidationError, type FieldProblem } from '@lib/errors';

/** Deeper than any body this API takes; far shallower than what overflows a parser's stack. */
export const MAX_INPUT_DEPTH = 24;

/** Names an object inherits: validators and transformers treat them specially, so none is a field. */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * What every request's parameters, query and body must be before anything reads them: no NUL
 * character (PostgreSQL text cannot hold one, and a workflow would fail on it forever), no number
 * too large to be one (`1e999` parses as Infinity), no
 * nesting deeper than `MAX_INPUT_DEPTH` (a parser's stack is not a limit), and no key named
 * like an inherited member (`__proto__`, `constructor`, `toString`…), which validation would
 * otherwise drop silently instead of refusing as unknown.
 */
export function inputProblems(value: unknown, field: string, depth = 0): FieldProblem[] {
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? [{ field, code: 'NUL_CHARACTER', message: `${field}: the NUL character is not allowed` }]
      : [];
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return [{ field, code: 'NUMBER_OUT_OF_RANGE', message: `${field}: the number is beyond what JSON can carry` }];
  }
  if (value === null || typeof value !== 'object') return [];
  if (depth >= MAX_INPUT_DEPTH) {
    return [{ field, code: 'TOO_DEEP', message: `${field}: nested more than ${MAX_INPUT_DEPTH} levels` }];
  }
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(value)) {
    const at = field ? `${field}.${key}` : key;
    if (RESERVED_KEYS.has(key)) {
      problems.push({ field: at, code: 'whitelistValidation', message: `property ${key} should not exist` });
    } else if (key.includes('\u0000')) {
      problems.push({ field, code: 'NUL_CHARACTER', message: `${field || 'body'}: a key holds the NUL character` });
    } else {
      problems.push(...inputProblems((value as Record<string, unknown>)[key], at, depth + 1));
    }
    if (problems.length >= 20) break;
  }
  return problems;
}

/** Refuse, before anything reads them, path parameters, query and body that break the rules above. */
export function checkInput(
  request: {
    params?: unknown;
    query?: unknown;
    body?: unknown;
    method: string;
    headers: Record<string, string | string[] | undefined>;
    is(type: string): string | false | null;
  },
  rawBody: boolean,
): void {
  if (
    !rawBody &&
    ['POST', 'PUT', 'PATCH'].includes(request.method) &&
    hasBody(request.headers) &&
    !request.is('application/json')
  ) {
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      415,
      'send the body as application/json',
      '请求体须为 application/json',
      'Content-Type',
    );
  }
  const problems = [
    ...inputProblems(request.params ?? {}, ''),
    ...inputProblems(request.query ?? {}, ''),
    ...(rawBody ? [] : inputProblems(request.body ?? {}, '')),
  ];
  if (problems.length > 0) throw new ValidationError(problems);
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = Number(headers['content-length'] ?? 0);
  return length > 0 || headers['transfer-encoding'] !== undefined;
}
