import { Body, Controller, Delete, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentMember, type AuthMember } from '@app/auth';
import {
  CreateProjectDto,
  ParticipantRoleDto,
  ProjectDto,
  ProjectsService,
  UpdateProjectDto,
} from '@app/projects';
import { parseUuid } from '../common/parse-uuid.pipe';

/** A theme's projects (rounds) and their participants: `/api/themes/:slug/projects` and `/api/projects/:id`. */
@ApiTags('projects')
@ApiBearerAuth()
@Controller()
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get('themes/:slug/projects')
  @ApiOperation({
    summary: "A theme's projects with their participants, the latest first (anyone who sees the theme)",
  })
  @ApiResponse({ status: 200, type: [ProjectDto] })
  @ApiResponse({ status: 404, description: 'THEME_NOT_FOUND' })
  async list(
    @CurrentMember() caller: AuthMember,
    @Param('slug') slug: string,
  ): Promise<{ items: ProjectDto[] }> {
    return { items: await this.projects.list(slug, caller) };
  }

  @Post('themes/:slug/projects')
  @ApiOperation({ summary: 'Start a project of a theme (coordinators and the theme owners)' })
  @ApiResponse({ status: 201, type: ProjectDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED, INVALID_PROJECT_DATES (details.fields)' })
  @ApiResponse({ status: 403, description: 'NOT_THEME_MANAGER' })
  @ApiResponse({ status: 409, description: 'THEME_ARCHIVED' })
  create(
    @CurrentMember() caller: AuthMember,
    @Param('slug') slug: string,
    @Body() body: CreateProjectDto,
  ): Promise<ProjectDto> {
    return this.projects.create(slug, body, caller);
  }

  @Get('projects/:id')
  @ApiOperation({ summary: 'One project with its participants' })
  @ApiResponse({ status: 200, type: ProjectDto })
  @ApiResponse({ status: 404, description: 'PROJECT_NOT_FOUND' })
  get(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('project id')) id: string,
  ): Promise<ProjectDto> {
    return this.projects.get(id, caller);
  }

  @Patch('projects/:id')
  @ApiOperation({ summary: "Change a project's title, dates or status (coordinators and the theme owners)" })
  @ApiResponse({ status: 200, type: ProjectDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED, INVALID_PROJECT_DATES (details.fields)' })
  @ApiResponse({ status: 403, description: 'NOT_THEME_MANAGER' })
  @ApiResponse({ status: 409, description: 'THEME_ARCHIVED' })
  update(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('project id')) id: string,
    @Body() body: UpdateProjectDto,
  ): Promise<ProjectDto> {
    return this.projects.update(id, body, caller);
  }

  @Put('projects/:id/participants/:memberId')
  @ApiOperation({
    summary: 'Add a participant with a role, or change their role (coordinators and the theme owners)',
  })
  @ApiResponse({ status: 200, type: ProjectDto })
  @ApiResponse({ status: 404, description: 'PROJECT_NOT_FOUND, MEMBER_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'MEMBER_LEFT, THEME_ARCHIVED' })
  setParticipant(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('project id')) id: string,
    @Param('memberId', parseUuid('member id')) memberId: string,
    @Body() body: ParticipantRoleDto,
  ): Promise<ProjectDto> {
    return this.projects.setParticipant(id, memberId, body.role, caller);
  }

  @Delete('projects/:id/participants/:memberId')
  @ApiOperation({ summary: 'Take a participant off a project (coordinators and the theme owners)' })
  @ApiResponse({ status: 200, type: ProjectDto })
  removeParticipant(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('project id')) id: string,
    @Param('memberId', parseUuid('member id')) memberId: string,
  ): Promise<ProjectDto> {
    return this.projects.removeParticipant(id, memberId, caller);
  }
}
