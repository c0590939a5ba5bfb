import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ActivityModule } from '@app/activity';
import { AuthModule, JwtAuthGuard, RolesGuard } from '@app/auth';
import { DomainEventsModule, createValidationPipe } from '@app/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DigestModule } from '@app/digest';
import { EventsModule } from '@app/events';
import { LoggingModule } from '@app/logging';
import { ProjectsModule } from '@app/projects';
import { KpisModule } from '@app/kpis';
import { ChatModule } from '@app/chat';
import { AccountSecurityModule, MembersModule } from '@app/members';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { InvitationsModule, ThemesModule } from '@app/themes';
import { ChatController } from './chat/chat.controller';
import { ChatGateway } from './chat/chat.gateway';
import { ChatPresence } from './chat/chat-presence';
import { ChatRealtime } from './chat/chat.realtime';
import { AuthController } from './auth/auth.controller';
import { AccountController } from './account/account.controller';
import { DigestsController } from './digests/digests.controller';
import { CalendarController } from './events/calendar.controller';
import { EventsController } from './events/events.controller';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { HealthController } from './health/health.controller';
import { AdminMembersController } from './members/admin-members.controller';
import { InvitationsController } from './invitations/invitations.controller';
import { MembersController } from './members/members.controller';
import { ProjectsController } from './projects/projects.controller';
import { KpisController } from './kpis/kpis.controller';
import { ThemesController } from './themes/themes.controller';

@Module({
  imports: [
    ConfigModule,
    DomainEventsModule,
    LoggingModule.forApp('api'),
    DatabaseModule,
    RedisModule,
    AuthModule,
    MembersModule,
    AccountSecurityModule,
    ThemesModule,
    ChatModule,
    QueueModule,
    EventsModule,
    DigestModule,
    InvitationsModule,
    ProjectsModule,
    ActivityModule,
    KpisModule,
  ],
  controllers: [
    AuthController,
    AccountController,
    MembersController,
    AdminMembersController,
    ThemesController,
    ChatController,
    EventsController,
    CalendarController,
    DigestsController,
    HealthController,
    InvitationsController,
    ProjectsController,
    KpisController,
  ],
  providers: [
    ChatGateway,
    ChatRealtime,
    ChatPresence,
    // Order matters: authenticate first, then check roles.
    { provide: APP_GUARD, useExisting: JwtAuthGuard },
    { provide: APP_GUARD, useExisting: RolesGuard },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
  ],
})
export class AppModule {}
