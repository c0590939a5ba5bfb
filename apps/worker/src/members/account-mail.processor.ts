import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { AccountMailer } from '@app/members';
import { QUEUES, type AccountMailJob } from '@app/queue';
import { unrecoverableOnPermanentFailure } from '../mail-failures';

@Processor(QUEUES.accountMail)
export class AccountMailProcessor extends WorkerHost {
  constructor(private readonly mailer: AccountMailer) {
    super();
  }

  async process(job: Job<AccountMailJob>): Promise<void> {
    await unrecoverableOnPermanentFailure(() => this.mailer.send(job.data));
  }
}
