export { LoggingModule, HTTP_LOGGING, createRootLogger, type HttpLogging } from './logging.module';
export { SalonLogger, requestLogger } from './salon-logger';
export { requestId } from './request-id';
export { redactUrl, REDACTED } from './redact-url';
