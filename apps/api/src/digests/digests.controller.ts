import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentMember, Public, Roles, type AuthMember } from '@app/auth';
import {
  DigestClickService,
  DigestPreviewService,
  DigestRunDto,
  DigestScheduler,
  DigestSettingsService,
  DigestUnsubscribeService,
  InvalidMailLinkError,
  NotificationSettingsDto,
  StartDigestRunDto,
  UpdateNotificationSettingsDto,
} from '@app/digest';

function sendHtml(response: Response, status: number, page: string): void {
  response.status(status).type('text/html; charset=utf-8').setHeader('Cache-Control', 'no-store').send(page);
}

@ApiTags('digests')
@Controller()
export class DigestsController {
  constructor(
    private readonly settings: DigestSettingsService,
    private readonly preview: DigestPreviewService,
    private readonly unsubscribe: DigestUnsubscribeService,
    private readonly scheduler: DigestScheduler,
    private readonly clicks: DigestClickService,
  ) {}

  @ApiBearerAuth()
  @Get('members/me/notification-settings')
  @ApiOperation({
    summary: 'My digest settings: how often, which weekday and hour, in my time zone and language',
  })
  getSettings(@CurrentMember() caller: AuthMember): Promise<NotificationSettingsDto> {
    return this.settings.get(caller.id);
  }

  @ApiBearerAuth()
  @Patch('members/me/notification-settings')
  @ApiOperation({ summary: 'Change my digest settings' })
  updateSettings(
    @CurrentMember() caller: AuthMember,
    @Body() body: UpdateNotificationSettingsDto,
  ): Promise<NotificationSettingsDto> {
    return this.settings.update(caller.id, body);
  }

  @ApiBearerAuth()
  @Get('digests/preview')
  @ApiOperation({ summary: 'My digest as it would be sent now (HTML); nothing is sent or recorded' })
  @ApiProduces('text/html')
  async previewDigest(@CurrentMember() caller: AuthMember, @Res() response: Response): Promise<void> {
    sendHtml(response, 200, await this.preview.previewHtml(caller.id));
  }

  @Public()
  @Get('digests/unsubscribe')
  @ApiOperation({
    summary: 'The page behind the unsubscribe link: offers a lower frequency or off (changes nothing)',
  })
  @ApiQuery({ name: 'token', description: 'The signed token from the email' })
  @ApiQuery({
    name: 'period',
    required: false,
    description: 'The digest the link came in (recorded with an unsubscribe)',
  })
  @ApiProduces('text/html')
  async unsubscribePage(
    @Query('token') token: unknown,
    @Query('period') period: unknown,
    @Res() response: Response,
  ): Promise<void> {
    try {
      sendHtml(response, 200, await this.unsubscribe.choicesPage(token, period));
    } catch (error) {
      if (!(error instanceof InvalidMailLinkError)) throw error;
      sendHtml(
        response,
        400,
        `<!DOCTYPE html><html lang="ja"><title>${error.code}</title><p>${error.message}</p></html>`,
      );
    }
  }

  @Public()
  @Post('digests/unsubscribe')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'One-click unsubscribe (RFC 8058) or a choice from the page: `frequency=weekly|daily|off`, form-encoded',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiQuery({ name: 'token', description: 'The signed token from the email' })
  @ApiQuery({
    name: 'period',
    required: false,
    description: 'The digest the link came in (recorded with an unsubscribe)',
  })
  @ApiProduces('text/html')
  async unsubscribeNow(
    @Query('token') token: unknown,
    @Query('period') period: unknown,
    @Body() body: Record<string, unknown> | undefined,
    @Res() response: Response,
  ): Promise<void> {
    sendHtml(response, 200, await this.unsubscribe.apply(token, body?.frequency, period));
  }

  @Public()
  @Get('digests/click')
  @ApiOperation({
    summary:
      'Behind every page link of a digest: counts the click for that member and digest, then 302 to the page (a bad token: 302 to the home page, nothing counted)',
  })
  @ApiQuery({ name: 'token', description: 'The signed click token from the email (member, period, path)' })
  @ApiResponse({ status: 302, description: 'To the page on this site (or the home page)' })
  async click(@Query('token') token: unknown, @Res() response: Response): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.redirect(302, await this.clicks.follow(token));
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('admin/digests/run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Send the current period now to every member with that frequency (still at most once per member and period)',
  })
  @ApiResponse({ status: 202, type: DigestRunDto })
  startRun(@CurrentMember() caller: AuthMember, @Body() body: StartDigestRunDto): Promise<DigestRunDto> {
    return this.scheduler.startAdminRun(body.frequency, caller.id);
  }

  @ApiBearerAuth()
  @Roles('coordinator', 'admin')
  @Get('admin/digests/runs')
  @ApiOperation({
    summary:
      'Recent digest runs with their progress: enqueued, sent, skipped, failed (coordinators and admins)',
  })
  async runs(): Promise<{ items: DigestRunDto[] }> {
    return { items: await this.scheduler.runs() };
  }
}
