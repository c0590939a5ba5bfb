import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '@app/chat';
import { QUEUES } from '@app/queue';
import { ThemesModule } from '@app/themes';
import { CalendarService } from './calendar.service';
import { EventAnnouncer } from './event-announcer';
import { EventEntity } from './event.entity';
import { EventsService } from './events.service';

@Module({
  imports: [
    ThemesModule,
    ChatModule,
    TypeOrmModule.forFeature([EventEntity]),
    BullModule.registerQueue({ name: QUEUES.eventReminders }, { name: QUEUES.eventMail }),
  ],
  providers: [EventsService, EventAnnouncer, CalendarService],
  exports: [EventsService, EventAnnouncer, CalendarService],
})
export class EventsModule {}
