import { Module } from '@nestjs/common';
import { MailModule } from '@app/mail';
import { AccountMailer } from './account-mailer';
import { AccountTokensRepository } from './account-tokens.repository';
import { MembersModule } from './members.module';

/** The mail side of accounts, for the worker only: the api queues jobs and never talks SMTP. */
@Module({
  imports: [MembersModule, MailModule],
  providers: [AccountTokensRepository, AccountMailer],
  exports: [AccountMailer],
})
export class AccountMailModule {}
