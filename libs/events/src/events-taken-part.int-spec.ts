import type { TestingModule } from '@nestjs/testing';
import type { AuthMember } from '@app/auth';
import { AccountsService } from '@app/members';
import { QueueModule } from '@app/queue';
import { ThemesService } from '@app/themes';
import { createIntegrationModule, uniqueEmail } from '@test/support';
import type { CreateEventDto } from './dto/event.dto';
import { EventsModule } from './events.module';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('EventsRepository.takenPartBy: the events on a profile (real PostgreSQL)', () => {
  let moduleRef: TestingModule;
  let events: EventsService;
  let repository: EventsRepository;
  let coordinator: AuthMember;

  async function newMember(name: string, role: AuthMember['role'] = 'member'): Promise<AuthMember> {
    const member = await moduleRef
      .get(AccountsService)
      .createAccount({ email: uniqueEmail(name), password: 'password-1', displayName: name }, role);
    return { id: member.id, role: member.role };
  }

  function input(title: string, startsInMs: number, extra: Partial<CreateEventDto> = {}): CreateEventDto {
    const startsAt = new Date(Date.now() + startsInMs);
    return {
      title,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      format: 'online',
      ...extra,
    };
  }

  beforeAll(async () => {
    moduleRef = await createIntegrationModule([QueueModule, EventsModule]);
    events = moduleRef.get(EventsService);
    repository = moduleRef.get(EventsRepository);
    coordinator = await newMember('調整役', 'coordinator');
  });
  afterAll(() => moduleRef.close());

  it('keeps `limit` upcoming (soonest first) and `limit` recent ones since the cut-off (latest first)', async () => {
    const member = await newMember('参加者');
    const ids: Record<string, string> = {};
    for (const [name, offset] of [
      ['in3days', 3 * DAY],
      ['in1day', 1 * DAY],
      ['in2days', 2 * DAY],
      ['ago1day', -1 * DAY],
      ['ago2days', -2 * DAY],
      ['ago3days', -3 * DAY],
      ['ago300days', -300 * DAY],
    ] as const) {
      ids[name] = (await events.create(input(name, offset), coordinator)).id;
      if (offset > 0) await events.rsvp(ids[name], { status: 'going' }, member);
      else await events.checkIn(ids[name], member.id, true, coordinator);
    }
    const rows = await repository.takenPartBy(member.id, [], new Date(Date.now() - 180 * DAY), 2);
    expect(rows.map((row) => row.title)).toEqual(['in1day', 'in2days', 'ago1day', 'ago2days']);
    expect(rows[2]).toMatchObject({
      status: 'going',
      checkedIn: true,
      themeId: null,
      timeZone: 'Asia/Tokyo',
    });
  });

  it("leaves out cancelled events, 'not going' answers and themes outside the visible ones", async () => {
    const member = await newMember('選ぶ人');
    const theme = await moduleRef
      .get(ThemesService)
      .create({ slug: `tp-${Date.now().toString(36)}`, title: '非公開', visibility: 'private' }, coordinator);
    const inTheme = await events.create(input('theme', DAY, { themeId: theme.id }), coordinator);
    const cancelled = await events.create(input('cancelled', DAY), coordinator);
    const declined = await events.create(input('declined', DAY), coordinator);
    const waiting = await events.create(input('waiting', DAY, { capacity: 1 }), coordinator);
    await events.rsvp(waiting.id, { status: 'going' }, coordinator);
    await moduleRef.get(ThemesService).addMember(theme.slug, member.id, coordinator);
    await events.rsvp(inTheme.id, { status: 'interested' }, member);
    await events.rsvp(cancelled.id, { status: 'going' }, member);
    await events.cancel(cancelled.id, coordinator);
    await events.rsvp(declined.id, { status: 'not_going' }, member);
    await events.rsvp(waiting.id, { status: 'going' }, member);
    const since = new Date(Date.now() - DAY);

    const outside = await repository.takenPartBy(member.id, [], since, 10);
    expect(outside.map((row) => [row.title, row.status])).toEqual([['waiting', 'waitlisted']]);
    const inside = await repository.takenPartBy(member.id, [theme.id], since, 10);
    expect(inside.map((row) => row.title).sort()).toEqual(['theme', 'waiting']);
  });
});
