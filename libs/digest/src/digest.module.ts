import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '@app/queue';
import { DigestContentService } from './digest-content';
import { DigestPreviewService } from './digest-preview.service';
import { DigestScheduler } from './digest-scheduler';
import { DigestSettingsService } from './digest-settings.service';
import { DigestUnsubscribeService } from './digest-unsubscribe.service';

/** Digest settings, preview, unsubscribe links and runs: what both the api and the worker use. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.digestSchedule }, { name: QUEUES.digestSend })],
  providers: [
    DigestContentService,
    DigestPreviewService,
    DigestScheduler,
    DigestSettingsService,
    DigestUnsubscribeService,
  ],
  exports: [
    DigestContentService,
    DigestPreviewService,
    DigestScheduler,
    DigestSettingsService,
    DigestUnsubscribeService,
  ],
})
export class DigestModule {}
