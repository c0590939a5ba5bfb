import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, RateLimitedError, ServiceUnavailableError, isServiceOutage } from '@app/common';
import { requestId } from '@app/logging';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  requestId?: string;
}

/** Codes for errors raised by Nest or Express themselves rather than by our domain. */
const HTTP_CODES: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'BAD_REQUEST',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHORIZED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
};

/** Every HTTP error leaves as `{statusCode, code, message}`; nothing internal leaks in a 500. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception);
    // Errors raised before the logging middleware (e.g. by the JSON body parser) have no id yet.
    body.requestId = request.id !== undefined ? String(request.id) : requestId(request, response);
    if (exception instanceof RateLimitedError) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    if (body.code === 'SERVICE_UNAVAILABLE') {
      response.setHeader('Retry-After', '2');
      this.logger.warn({ err: exception, requestId: body.requestId }, 'PostgreSQL or Redis unavailable');
    } else if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'unhandled error');
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(thrown: unknown): ErrorBody {
    // An outage of PostgreSQL or Redis is not a bug: the client may retry shortly.
    const exception = isServiceOutage(thrown) ? new ServiceUnavailableError() : thrown;
    if (exception instanceof DomainError) {
      return {
        statusCode: exception.status,
        code: exception.code,
        message: exception.message,
        ...(exception.details && { details: exception.details }),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest wraps the body parser's SyntaxError for malformed JSON in a BadRequestException.
      const code =
        exception.cause instanceof SyntaxError ? 'MALFORMED_JSON' : (HTTP_CODES[status] ?? `HTTP_${status}`);
      return { statusCode: status, code, message: exception.message };
    }
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' };
  }
}
