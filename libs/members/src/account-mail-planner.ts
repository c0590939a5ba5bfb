import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DomainEvents } from '@app/common';
import { ACCOUNT_MAIL_JOB_OPTIONS, QUEUES, type AccountMailJob } from '@app/queue';
import { EmailChangeRequested, PasswordResetRequested, VerificationRequested } from './account.events';
import { MemberRegistered } from './members.events';

/** Queues the mails that follow from what happens to accounts; the worker's AccountMailer sends them. */
@Injectable()
export class AccountMailPlanner implements OnModuleInit {
  constructor(
    @InjectQueue(QUEUES.accountMail) private readonly mails: Queue<AccountMailJob>,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    // An invitation mailed to the address that registered has proved it already.
    this.events.on(MemberRegistered, ({ memberId, emailConfirmed }) =>
      emailConfirmed ? undefined : this.add({ kind: 'verify-email', memberId }),
    );
    this.events.on(VerificationRequested, ({ memberId }) => this.add({ kind: 'verify-email', memberId }));
    this.events.on(EmailChangeRequested, async ({ memberId, oldEmail }) => {
      await this.add({ kind: 'verify-email', memberId });
      await this.add({ kind: 'email-change-notice', memberId, to: oldEmail });
    });
    this.events.on(PasswordResetRequested, ({ email }) => this.add({ kind: 'password-reset', email }));
  }

  private async add(job: AccountMailJob): Promise<void> {
    await this.mails.add(job.kind, job, ACCOUNT_MAIL_JOB_OPTIONS);
  }
}
