import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '@app/chat';
import { MembersModule } from '@app/members';
import { QUEUES } from '@app/queue';
import { ThemesModule } from '@app/themes';
import { CalendarService } from './calendar.service';
import { EventAnnouncer } from './event-announcer';
import { EventMailPlanner } from './event-mail-planner';
import { EventMailRepository } from './event-mail.repository';
import { EventReminderPlanner } from './event-reminder-planner';
import { EventEntity } from './event.entity';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { EventsMemberData } from './events-member-data';

/** Events and their side effects: the announcer, reminders and mails subscribe to what EventsService publishes. */
@Module({
  imports: [
    MembersModule,
    ThemesModule,
    ChatModule,
    TypeOrmModule.forFeature([EventEntity]),
    BullModule.registerQueue({ name: QUEUES.eventReminders }, { name: QUEUES.eventMail }),
  ],
  providers: [
    EventsRepository,
    EventMailRepository,
    EventsService,
    CalendarService,
    EventAnnouncer,
    EventReminderPlanner,
    EventMailPlanner,
    EventsMemberData,
  ],
  exports: [EventsService, CalendarService, EventsRepository, EventMailRepository],
})
export class EventsModule {}
