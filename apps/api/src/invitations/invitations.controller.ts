import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentMember, Public, type AuthMember } from '@app/auth';
import {
  CreateInvitationDto,
  InvitationDto,
  InvitationPageDto,
  InvitationPreviewDto,
  InvitationPreviewQueryDto,
  InvitationsQueryDto,
  InvitationsService,
} from '@app/themes';
import { parseUuid } from '../common/parse-uuid.pipe';

@ApiTags('invitations')
@ApiBearerAuth()
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @ApiOperation({
    summary: 'Invite someone by mail (coordinators: into any theme or none; theme owners: into their theme)',
  })
  @ApiResponse({ status: 201, type: InvitationDto })
  @ApiResponse({ status: 403, description: 'CANNOT_INVITE' })
  @ApiResponse({ status: 409, description: 'ALREADY_MEMBER' })
  create(@CurrentMember() caller: AuthMember, @Body() body: CreateInvitationDto): Promise<InvitationDto> {
    return this.invitations.create(body, caller);
  }

  @Get()
  @ApiOperation({ summary: 'Invitations with their state, newest first (coordinators: all; owners: their themes’)' })
  @ApiResponse({ status: 200, type: InvitationPageDto })
  @ApiResponse({ status: 403, description: 'CANNOT_INVITE' })
  list(@CurrentMember() caller: AuthMember, @Query() query: InvitationsQueryDto): Promise<InvitationPageDto> {
    return this.invitations.list(query, caller);
  }

  @Public()
  @Get('preview')
  @ApiOperation({ summary: 'What the registration page shows of a pending invitation (who invited, into which theme)' })
  @ApiResponse({ status: 200, type: InvitationPreviewDto })
  @ApiResponse({
    status: 404,
    description: 'INVITATION_INVALID; 409 INVITATION_USED; 410 INVITATION_EXPIRED or INVITATION_REVOKED',
  })
  preview(@Query() query: InvitationPreviewQueryDto): Promise<InvitationPreviewDto> {
    return this.invitations.preview(query.token);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a pending invitation (its link stops working)' })
  @ApiResponse({ status: 404, description: 'INVITATION_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'INVITATION_USED (accepted already)' })
  revoke(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('The invitation id')) id: string,
  ): Promise<void> {
    return this.invitations.revoke(id, caller);
  }
}
