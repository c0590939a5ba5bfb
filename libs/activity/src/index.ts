export { ActivityModule } from './activity.module';
export { ActivityTickerModule } from './activity-ticker.module';
export { VisitTracker } from './visit-tracker';
export { ActivityRollup, ROLLUP_SAFETY_MS, type ActivityTickResult } from './activity-rollup';
export { ActivityTicker } from './activity-ticker';
export { VISIT_KEYS } from './visit-keys';
