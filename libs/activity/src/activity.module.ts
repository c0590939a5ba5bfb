import { Global, Module } from '@nestjs/common';
import { VisitRecorder } from '@app/auth';
import { ActivityMemberData } from './activity-member-data';
import { ActivityRollup } from './activity-rollup';
import { ActivityRepository } from './activity.repository';
import { VisitTracker } from './visit-tracker';

/**
 * Visits and engagement. Global so that AuthModule (plumbing, which may not import a domain) is given the
 * VisitRecorder it asks for, as the members domain gives it SubjectLookup; one VisitTracker per process.
 */
@Global()
@Module({
  providers: [
    ActivityRepository,
    VisitTracker,
    { provide: VisitRecorder, useExisting: VisitTracker },
    ActivityRollup,
    ActivityMemberData,
  ],
  exports: [VisitTracker, VisitRecorder, ActivityRollup],
})
export class ActivityModule {}
