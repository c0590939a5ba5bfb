import { Module } from '@nestjs/common';
import { MembersModule } from '@app/members';
import { ThemesModule } from '@app/themes';
import { ProjectsMemberData } from './projects-member-data';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';

@Module({
  imports: [MembersModule, ThemesModule],
  providers: [ProjectsRepository, ProjectsService, ProjectsMemberData],
  exports: [ProjectsService],
})
export class ProjectsModule {}
