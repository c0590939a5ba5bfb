export { ProjectsModule } from './projects.module';
export { ProjectsService, type ProjectPeopleFilter } from './projects.service';
export {
  PROJECT_STATUSES,
  PARTICIPANT_ROLES,
  hasEnded,
  type ProjectStatus,
  type ParticipantRole,
} from './project-rules';
export * from './projects.errors';
export * from './dto/project.dto';
