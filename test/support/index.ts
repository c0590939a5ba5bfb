export { createIntegrationModule, uniqueEmail } from './integration-module';
