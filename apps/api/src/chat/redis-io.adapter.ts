import type { IncomingMessage } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '@app/config';
import { watchRedisErrors } from '@app/redis';

/**
 * Socket.IO on the api's HTTP server, with rooms shared by every api process through Redis pub/sub
 * (@socket.io/redis-adapter). PostgreSQL is the record and clients catch up by seq, so the adapter only
 * has to deliver live events fast: pub/sub does, without the streams adapter's polling and storage.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
    this.pub = watchRedisErrors(new Redis(config.REDIS_URL, { maxRetriesPerRequest: null }), 'socket.io-pub');
    this.sub = watchRedisErrors(this.pub.duplicate(), 'socket.io-sub');
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const origins = new Set(this.config.CORS_ORIGINS);
    const server = super.createIOServer(port, {
      ...(options as ServerOptions),
      maxHttpBufferSize: this.config.SOCKET_MAX_PAYLOAD_BYTES,
      cors: { origin: this.config.CORS_ORIGINS, credentials: true },
      // Browsers do not apply CORS to WebSockets: refuse foreign origins here. Clients without an Origin
      // header (apps, scripts) are let through to the token check.
      allowRequest: (
        request: IncomingMessage,
        callback: (error: string | null, success: boolean) => void,
      ) => {
        const origin = request.headers.origin;
        callback(
          origin && !origins.has(origin) ? 'ORIGIN_NOT_ALLOWED' : null,
          !origin || origins.has(origin),
        );
      },
    });
    server.adapter(createAdapter(this.pub, this.sub, { key: `${this.config.REDIS_KEY_PREFIX}socket.io` }));
    return server;
  }

  /** After the server is closed (ChatGateway drained it first): nothing publishes any more. */
  override async dispose(): Promise<void> {
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }
}
