import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from '@app/common';
import type { ErrorAck } from './chat.events';

export function toErrorAck(exception: unknown): ErrorAck {
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
    // Nest calls event handlers with (socket, payload, ack?, pattern).
    const callback: unknown = host.getArgByIndex(2);
    if (typeof callback === 'function') (callback as (response: ErrorAck) => void)(ack);
  }
}
