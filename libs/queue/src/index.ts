export { QueueModule } from './queue.module';
export * from './queues';
