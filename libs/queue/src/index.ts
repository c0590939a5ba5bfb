export { QueueModule } from './queue.module';
export * from './queues';
export { restoreOnReconnect } from './restore-on-reconnect';
