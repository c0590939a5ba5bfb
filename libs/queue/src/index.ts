export { QueueModule } from './queue.module';
export { DEFAULT_JOB_OPTIONS } from './queues';
