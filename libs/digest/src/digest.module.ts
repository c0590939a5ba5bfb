import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ActivityModule } from '@app/activity';
import { ChatModule } from '@app/chat';
import { EventsModule } from '@app/events';
import { MembersModule } from '@app/members';
import { QUEUES } from '@app/queue';
import { ThemesModule } from '@app/themes';
import { DigestClickService } from './digest-click.service';
import { DigestContentService } from './digest-content';
import { DigestDeliveriesRepository } from './digest-deliveries.repository';
import { DigestMemberData } from './digest-member-data';
import { DigestPreviewService } from './digest-preview.service';
import { DigestResponsesRepository } from './digest-responses.repository';
import { DigestScheduler } from './digest-scheduler';
import { DigestSettingsService } from './digest-settings.service';
import { DigestUnsubscribeService } from './digest-unsubscribe.service';

/** Digest settings, preview, unsubscribe and click links, and runs: what both the api and the worker use. */
@Module({
  imports: [
    MembersModule,
    ThemesModule,
    ChatModule,
    EventsModule,
    ActivityModule,
    BullModule.registerQueue({ name: QUEUES.digestSchedule }, { name: QUEUES.digestSend }),
  ],
  providers: [
    DigestDeliveriesRepository,
    DigestContentService,
    DigestPreviewService,
    DigestScheduler,
    DigestSettingsService,
    DigestUnsubscribeService,
    DigestMemberData,
    DigestResponsesRepository,
    DigestClickService,
  ],
  exports: [
    DigestDeliveriesRepository,
    DigestContentService,
    DigestPreviewService,
    DigestScheduler,
    DigestSettingsService,
    DigestUnsubscribeService,
    DigestClickService,
  ],
})
export class DigestModule {}
