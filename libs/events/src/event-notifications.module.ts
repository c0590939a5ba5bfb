import { Module } from '@nestjs/common';
import { MailModule } from '@app/mail';
import { MembersModule } from '@app/members';
import { EventNotifier } from './event-notifier';
import { EventsModule } from './events.module';

/** The mail side of events, for the worker only: the api schedules jobs and never talks SMTP. */
@Module({
  imports: [EventsModule, MembersModule, MailModule],
  providers: [EventNotifier],
  exports: [EventNotifier],
})
export class EventNotificationsModule {}
