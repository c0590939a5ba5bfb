import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { HTTP_LOGGING, SalonLogger, type HttpLogging } from '@app/logging';
import { AppModule } from './app.module';
import { RedisIoAdapter } from './chat/redis-io.adapter';
import { serveWebClient } from './web/web-client';

/** Builds the api exactly as production runs it; tests call this too. */
export async function createApiApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(app.get(SalonLogger));
  // Before the body parser, so a request it refuses is logged with its id too.
  app.use(app.get<HttpLogging>(HTTP_LOGGING));
  app.setGlobalPrefix('api');
  app.set('trust proxy', config.TRUST_PROXY);
  app.enableCors({ origin: config.CORS_ORIGINS, credentials: true });
  app.useWebSocketAdapter(new RedisIoAdapter(app, config));

  const openApi = new DocumentBuilder()
    .setTitle('Shiojiri Salon API')
    .setDescription(
      '塩尻サロン — members, themes, chat, events and digests of Shiojiri’s relationship population',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, SwaggerModule.createDocument(app, openApi));
  serveWebClient(app);
  return app;
}
