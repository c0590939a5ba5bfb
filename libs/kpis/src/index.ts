export { KpisModule } from './kpis.module';
export { KpisService } from './kpis.service';
export { MIN_GROUP, MAX_RANGE_YEARS } from './kpi-rules';
export * from './kpis.errors';
export * from './dto/kpis.dto';
