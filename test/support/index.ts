export { createIntegrationModule, uniqueEmail } from './integration-module';
export { startBuiltApp, runBuiltAppToExit, freePort, type StartedProcess } from './api-process';
export { createDatabase, dropDatabase, databaseUrl } from './test-database';
export { createMigratedDatabase } from './migrated-database';
export { startSmtpSink, type SmtpSink, type SinkMessage, type SmtpSinkOptions } from './smtp-sink';
export { startPrivatePostgres, startPrivateRedis, type PrivateService } from './private-services';
export { seededRandom, dayAfter } from './seeded-random';
