import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DigestSender, type DeliveryOutcome } from '@app/digest';
import { DEFAULT_JOB_OPTIONS, QUEUES, type DigestSendJob } from '@app/queue';
import { unrecoverableOnPermanentFailure } from '../mail-failures';

/**
 * The digest senders. Built by hand rather than with @Processor because its concurrency and rate
 * limit come from the validated config (DIGEST_SEND_CONCURRENCY, DIGEST_SEND_RATE_PER_SECOND), which
 * decorator options cannot read. The limiter is BullMQ's: it holds across every worker process.
 */
@Injectable()
export class DigestSendWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DigestSendWorker.name);
  private worker?: Worker<DigestSendJob, DeliveryOutcome>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sender: DigestSender,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<DigestSendJob, DeliveryOutcome>(QUEUES.digestSend, (job) => this.process(job), {
      connection: { url: this.config.REDIS_URL, maxRetriesPerRequest: null },
      prefix: `${this.config.REDIS_KEY_PREFIX}bull`,
      concurrency: this.config.DIGEST_SEND_CONCURRENCY,
      limiter: { max: this.config.DIGEST_SEND_RATE_PER_SECOND, duration: 1000 },
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error }, 'digest job failed'),
    );
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'digest worker error'));
  }

  async onApplicationShutdown(): Promise<void> {
    // Lets the digests being sent finish, so no row is left `sending` by a clean stop.
    await this.worker?.close();
  }

  private process(job: Job<DigestSendJob>): Promise<DeliveryOutcome> {
    const attempts = job.opts.attempts ?? DEFAULT_JOB_OPTIONS.attempts ?? 1;
    const finalAttempt = job.attemptsMade + 1 >= attempts;
    return unrecoverableOnPermanentFailure(() => this.sender.deliver(job.data, finalAttempt));
  }
}
