import { Module } from '@nestjs/common';
import { ActivityModule } from '@app/activity';
import { AuthModule } from '@app/auth';
import { DomainEventsModule } from '@app/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { ChatModule } from '@app/chat';
import { DigestModule } from '@app/digest';
import { EventsModule } from '@app/events';
import { MembersModule } from '@app/members';
import { ProjectsModule } from '@app/projects';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { ThemesModule } from '@app/themes';
import { DemoHistory } from './demo-history';
import { DemoHistoryRepository } from './demo-history.repository';
import { DemoSeeder } from './demo-seeder';

@Module({
  // QueueModule: demo events schedule their reminders like any other event; digest runs go to the worker.
  imports: [
    ConfigModule,
    DomainEventsModule,
    DatabaseModule,
    RedisModule,
    QueueModule,
    MembersModule,
    ThemesModule,
    ChatModule,
    EventsModule,
    DigestModule,
    ProjectsModule,
    ActivityModule,
    // PasswordHasher: demo:history hashes the demo password once for all its people.
    AuthModule,
  ],
  providers: [DemoSeeder, DemoHistory, DemoHistoryRepository],
})
export class CliModule {}
