import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentMember, Public, type AuthMember } from '@app/auth';
import { CalendarService, CalendarTokenDto, CalendarTokenStateDto } from '@app/events';

@ApiTags('events')
@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Public()
  @Get('calendar/:file')
  @ApiOperation({
    summary: 'My private calendar feed (`<token>.ics`): events I am going to or interested in',
  })
  @ApiProduces('text/calendar')
  async feed(@Param('file') file: string, @Res() response: Response): Promise<void> {
    const ics = await this.calendar.feed(file.replace(/\.ics$/, ''));
    response
      .status(200)
      .type('text/calendar; charset=utf-8')
      .setHeader('Cache-Control', 'private, max-age=300')
      .send(ics);
  }

  @ApiBearerAuth()
  @Get('members/me/calendar-token')
  @ApiOperation({ summary: 'Whether I have a calendar feed (its token is shown only when created)' })
  state(@CurrentMember() caller: AuthMember): Promise<CalendarTokenStateDto> {
    return this.calendar.tokenState(caller.id);
  }

  @ApiBearerAuth()
  @Post('members/me/calendar-token')
  @ApiOperation({ summary: 'Create or regenerate my calendar feed address (the old one stops working)' })
  create(@CurrentMember() caller: AuthMember): Promise<CalendarTokenDto> {
    return this.calendar.regenerateToken(caller.id);
  }

  @ApiBearerAuth()
  @Delete('members/me/calendar-token')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke my calendar feed' })
  async revoke(@CurrentMember() caller: AuthMember): Promise<void> {
    await this.calendar.revokeToken(caller.id);
  }
}
