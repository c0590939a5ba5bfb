import { Module } from '@nestjs/common';
import { MailModule } from '@app/mail';
import { MembersModule } from '@app/members';
import { DigestSender } from './digest-sender';
import { DigestModule } from './digest.module';

/** The sending side, for the worker only. */
@Module({
  imports: [DigestModule, MembersModule, MailModule],
  providers: [DigestSender],
  exports: [DigestModule, DigestSender],
})
export class DigestDeliveryModule {}
