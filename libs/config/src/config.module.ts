import { Global, Module } from '@nestjs/common';
import { loadConfig, type AppConfig } from './env.schema';
import { PublicLinks } from './public-links';

export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadConfig() },
    {
      provide: PublicLinks,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new PublicLinks(config),
    },
  ],
  exports: [APP_CONFIG, PublicLinks],
})
export class ConfigModule {}
