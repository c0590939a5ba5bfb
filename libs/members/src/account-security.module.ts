import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { QUEUES } from '@app/queue';
import { AccountMailPlanner } from './account-mail-planner';
import { AccountSecurityService } from './account-security.service';
import { AccountTokensRepository } from './account-tokens.repository';
import { MembersModule } from './members.module';

/**
 * The api's side of account security: the flows and the planner that queues their mails (so it needs
 * QueueModule, which MembersModule alone does not).
 */
@Module({
  imports: [MembersModule, AuthModule, BullModule.registerQueue({ name: QUEUES.accountMail })],
  providers: [AccountTokensRepository, AccountSecurityService, AccountMailPlanner],
  exports: [AccountSecurityService],
})
export class AccountSecurityModule {}
