import { randomUUID } from 'node:crypto';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ValidationError, type ErrorBody } from '@lib/errors';

const HTTP_CODES: Record<number, [string, string, string]> = {
  400: ['BAD_REQUEST', 'the request is malformed', '请求格式错误'],
  404: ['ROUTE_NOT_FOUND', 'no such route', '接口不存在'],
  405: ['METHOD_NOT_ALLOWED', 'method not allowed', '不支持该请求方法'],
  413: ['PAYLOAD_TOO_LARGE', 'request body is too large', '请求体过大'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'unsupported content type', '不支持的内容类型'],
};

/**
 * The status and body of an error the user can act on (a domain error, or one of the HTTP
 * layer's own below 500), or null for an unexpected one.
 */
export function knownError(exception: unknown): [number, ErrorBody] | null {
  if (exception instanceof DomainError) {
    const { code, message, messageZh, field, status } = exception;
    const details = (exception as Partial<ValidationError>).details;
    return [
      status,
      { error: { code, message, messageZh, ...(field ? { field } : {}), ...(details ? { details } : {}) } },
    ];
  }
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    const status = exception.getStatus();
    const [code, message, messageZh] = HTTP_CODES[status] ?? ['HTTP_' + status, exception.message, exception.message];
    return [status, { error: { code, message, messageZh } }];
  }
  return null;
}

/** Maps every error to the one error model; unexpected errors get an id and hide internals. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.toBody(exception);
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    // For the audit trail, which records the code a refused request got.
    (response.locals as { errorCode?: string }).errorCode = body.error.code;
    response.status(status).json(body);
  }

  private toBody(exception: unknown): [number, ErrorBody] {
    const known = knownError(exception);
    if (known) return known;
    const errorId = randomUUID();
    this.logger.error(
      `unexpected error ${errorId}: ${exception instanceof Error ? exception.stack : String(exception)}`,
    );
    return [
      500,
      {
        error: { code: 'INTERNAL_ERROR', message: 'an unexpected error occurred', messageZh: '系统内部错误', errorId },
      },
    ];
  }
}
