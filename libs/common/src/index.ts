export * from './domain-error';
export * from './cursor';
export * from './validation';
export * from './page-query.dto';
export * from './text.validators';
export * from './shutdown';
export * from './field.validators';
export * from './outage';
