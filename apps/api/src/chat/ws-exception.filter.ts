import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, ServiceUnavailableError, isServiceOutage } from '@app/common';
import type { ErrorAck } from './chat.events';

export function toErrorAck(thrown: unknown): ErrorAck {
  // An outage of PostgreSQL or Redis is not a bug: the client may retry (a send with the same id is stored once).
  const exception = isServiceOutage(thrown) ? new ServiceUnavailableError() : thrown;
  if (exception instanceof DomainError) {
    return {
      ok: false,
      error: {
        code: exception.code,
        message: exception.message,
        ...(exception.details && { details: exception.details }),
      },
    };
  }
  return { ok: false, error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' } };
}

/** Socket.IO twin of the HTTP filter: every failed event is answered through its ack as `{ok: false, error}`. */
@Catch()
export class WsExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(WsExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ack = toErrorAck(exception);
    if (ack.error.code === 'INTERNAL_ERROR') this.logger.error({ err: exception }, 'chat event failed');
    else if (ack.error.code === 'SERVICE_UNAVAILABLE')
      this.logger.warn({ err: exception }, 'chat event failed: outage');
    // Nest calls event handlers with (socket, payload, ack?, pattern).
    const callback: unknown = host.getArgByIndex(2);
    if (typeof callback === 'function') (callback as (response: ErrorAck) => void)(ack);
  }
}
