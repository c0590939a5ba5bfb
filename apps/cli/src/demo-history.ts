import { Injectable } from '@nestjs/common';
import { PasswordHasher, type AuthMember } from '@app/auth';
import { tokyoDay } from '@app/common';
import { AccountsService } from '@app/members';
import { ProjectsService } from '@app/projects';
import { ThemeAccess, ThemesService } from '@app/themes';
import { LAB_2021, planDemoHistory, type HistoryPerson } from './demo-history-plan';
import { DemoHistoryRepository } from './demo-history.repository';
import { DEMO_MEMBERS, DEMO_PASSWORD, DEMO_PROJECTS } from './demo-seeder';

export interface DemoHistorySummary {
  members: number;
  participants: number;
  days: number;
  events: number;
  rsvps: number;
  digests: number;
}

/** The seed's four 2021 CxO Lab projects, in order. */
const LAB_PROJECTS = DEMO_PROJECTS.filter(
  (project) => 'startsOn' in project.dates && project.dates.startsOn === LAB_2021.startsOn,
);

/**
 * `npm run cli -- demo:history`, after `demo:seed`: the salon's past, so that the city's figures (/admin/kpis)
 * have groups large enough to show — about 75 fictional past participants and members who joined since the
 * 2021 CxO Lab, six more alumni in each of its four projects, their days of activity since (fading after a
 * project, some coming back at a reunion), past events with answers, check-ins and no-shows, and the weekly
 * digests of the last weeks with clicks and two unsubscribes (planDemoHistory). The seed's own people are
 * backdated to the lab too, with a past that fits their profiles.
 *
 * Idempotent: people are found by email, projects by title, events by title among the coordinator's, and
 * the rest by its keys, so running it again adds nothing (a day later, that day's activity).
 */
@Injectable()
export class DemoHistory {
  constructor(
    private readonly accounts: AccountsService,
    private readonly themes: ThemesService,
    private readonly access: ThemeAccess,
    private readonly projects: ProjectsService,
    private readonly passwords: PasswordHasher,
    private readonly repository: DemoHistoryRepository,
  ) {}

  async add(now = new Date()): Promise<DemoHistorySummary> {
    const coordinatorEmail = DEMO_MEMBERS.find((m) => m.role === 'coordinator')?.email ?? '';
    const coordinator = await this.accounts.findByEmail(coordinatorEmail);
    if (!coordinator) throw new Error('the demo people are missing: run `npm run cli -- demo:seed` first');
    const staff: AuthMember = { id: coordinator.id, role: coordinator.role };
    const plan = planDemoHistory(tokyoDay(now));

    const members = await this.addPeople(plan.people);
    await this.repository.backdateJoins(plan.personaJoins);
    const ids = await this.repository.idsByEmail([
      ...plan.people.map((p) => p.email),
      ...plan.personaJoins.map((p) => p.email),
    ]);
    const id = (email: string) => {
      const found = ids.get(email);
      if (!found) throw new Error(`demo history: no member ${email}`);
      return found;
    };
    for (const person of plan.people)
      await this.themes.follow('lounge', { id: id(person.email), role: 'member' });
    const participants = await this.addLabParticipants(plan.people, id, staff);

    const days = await this.repository.insertActivityDays(
      plan.days.map((d) => ({ day: d.day, memberId: id(d.email), visited: d.visited, engaged: d.engaged })),
    );

    const themeIds = new Map<string, string>();
    for (const slug of new Set(plan.events.flatMap((e) => (e.themeSlug ? [e.themeSlug] : [])))) {
      themeIds.set(slug, (await this.access.visibleTheme(slug, staff)).id);
    }
    const events = await this.repository.insertPastEvents(
      staff.id,
      plan.events.map(({ rsvps: _rsvps, themeSlug, ...event }) => ({
        ...event,
        themeId: themeSlug ? (themeIds.get(themeSlug) ?? null) : null,
      })),
    );
    const rsvps = await this.repository.insertRsvps(
      plan.events.flatMap((event) => {
        const eventId = events.ids.get(event.title);
        return eventId ? event.rsvps.map((rsvp) => ({ ...rsvp, eventId, memberId: id(rsvp.email) })) : [];
      }),
    );
    const digests = await this.repository.insertDigests(
      plan.digests.map((digest) => ({ ...digest, memberId: id(digest.email) })),
    );
    return { members, participants, days, events: events.added, rsvps, digests };
  }

  /** The people not there yet; the demo's password is hashed only when someone is to be added. */
  private async addPeople(people: readonly HistoryPerson[]): Promise<number> {
    const known = await this.repository.idsByEmail(people.map((p) => p.email));
    const missing = people.filter((p) => !known.has(p.email));
    if (!missing.length) return 0;
    return this.repository.insertMembers(
      missing.map((p) => ({ ...p, digestOff: p.unsubscribedPeriod !== null })),
      await this.passwords.hash(DEMO_PASSWORD),
    );
  }

  /** The alumni of the 2021 projects, through the projects domain (which also makes them theme members). */
  private async addLabParticipants(
    people: readonly HistoryPerson[],
    id: (email: string) => string,
    staff: AuthMember,
  ): Promise<number> {
    let added = 0;
    for (const [index, { themeSlug, title }] of LAB_PROJECTS.entries()) {
      const theme = await this.access.visibleTheme(themeSlug, staff);
      if (theme.archived) continue; // read only, as the seed leaves it
      const found = await this.projects.findByTitle(theme.id, title);
      if (!found) continue;
      const present = new Set((await this.projects.get(found.id, staff)).participants.map((p) => p.memberId));
      for (const person of people) {
        if (person.lab?.project !== index || present.has(id(person.email))) continue;
        await this.projects.setParticipant(found.id, id(person.email), person.lab.role, staff);
        added += 1;
      }
    }
    return added;
  }
}
