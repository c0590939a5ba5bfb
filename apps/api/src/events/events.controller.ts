import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentMember, type AuthMember } from '@app/auth';
import {
  AttendeeDto,
  CalendarService,
  CreateEventDto,
  EventDto,
  EventPageDto,
  EventQueryDto,
  EventsService,
  RsvpDto,
  UpdateEventDto,
} from '@app/events';
import { parseUuid } from '../common/parse-uuid.pipe';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly calendar: CalendarService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Announce an event (coordinators; theme owners for their theme)' })
  @ApiResponse({ status: 201, type: EventDto })
  @ApiResponse({ status: 403, description: 'NOT_EVENT_MANAGER' })
  create(@CurrentMember() caller: AuthMember, @Body() body: CreateEventDto): Promise<EventDto> {
    return this.events.create(body, caller);
  }

  @Get()
  @ApiOperation({ summary: 'Events, upcoming first (`from`, `to`, `theme`, keyset `cursor`)' })
  @ApiResponse({ status: 200, type: EventPageDto })
  list(@CurrentMember() caller: AuthMember, @Query() query: EventQueryDto): Promise<EventPageDto> {
    return this.events.list(query, caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One event with RSVP counts and my RSVP' })
  @ApiResponse({ status: 200, type: EventDto })
  get(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('event id')) id: string,
  ): Promise<EventDto> {
    return this.events.get(id, caller);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit an event; a new time moves its reminders and is announced' })
  @ApiResponse({ status: 200, type: EventDto })
  update(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('event id')) id: string,
    @Body() body: UpdateEventDto,
  ): Promise<EventDto> {
    return this.events.update(id, body, caller);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Cancel: reminders are removed, everyone who RSVPed is mailed, the channel is told',
  })
  @ApiResponse({ status: 200, type: EventDto })
  cancel(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('event id')) id: string,
  ): Promise<EventDto> {
    return this.events.cancel(id, caller);
  }

  @Put(':id/rsvp')
  @ApiOperation({ summary: 'RSVP: going (or the waitlist when full), interested, not_going' })
  @ApiResponse({ status: 200, type: EventDto })
  @ApiResponse({ status: 409, description: 'EVENT_CANCELLED or RSVP_CLOSED' })
  rsvp(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('event id')) id: string,
    @Body() body: RsvpDto,
  ): Promise<EventDto> {
    return this.events.rsvp(id, body, caller);
  }

  @Get(':id/attendees')
  @ApiOperation({
    summary: 'Who is going, waitlisted (in order) or interested, and who checked in (organisers)',
  })
  @ApiResponse({ status: 200, type: [AttendeeDto] })
  async attendees(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('event id')) id: string,
  ): Promise<{ items: AttendeeDto[] }> {
    return { items: await this.events.attendees(id, caller) };
  }

  @Put(':id/attendees/:memberId/check-in')
  @ApiOperation({ summary: 'Mark that a member attended (organisers)' })
  async checkIn(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('event id')) id: string,
    @Param('memberId', parseUuid('member id')) memberId: string,
  ): Promise<{ items: AttendeeDto[] }> {
    return { items: await this.events.checkIn(id, memberId, true, caller) };
  }

  @Delete(':id/attendees/:memberId/check-in')
  @ApiOperation({ summary: 'Undo a check-in (organisers)' })
  async undoCheckIn(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('event id')) id: string,
    @Param('memberId', parseUuid('member id')) memberId: string,
  ): Promise<{ items: AttendeeDto[] }> {
    return { items: await this.events.checkIn(id, memberId, false, caller) };
  }

  @Get(':id/ics')
  @ApiOperation({ summary: 'The event as an iCalendar file (RFC 5545)' })
  @ApiProduces('text/calendar')
  async ics(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('event id')) id: string,
    @Res() response: Response,
  ): Promise<void> {
    const ics = await this.calendar.eventIcs(id, caller);
    response
      .status(200)
      .type('text/calendar; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="event-${id}.ics"`)
      .send(ics);
  }
}
