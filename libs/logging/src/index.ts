export { LoggingModule, requestId } from './logging.module';
