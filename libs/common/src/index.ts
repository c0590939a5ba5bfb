export * from './domain-error';
export * from './cursor';
export * from './validation';
