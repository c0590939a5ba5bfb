export { ConfigModule, APP_CONFIG } from './config.module';
export { loadConfig, envSchema, InvalidConfigError, type AppConfig } from './env.schema';
export { PublicLinks } from './public-links';
