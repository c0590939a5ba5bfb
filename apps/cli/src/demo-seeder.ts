import { Injectable } from '@nestjs/common';
import type { AuthMember, Role } from '@app/auth';
import { ChatService } from '@app/chat';
import { tokyoDay } from '@app/common';
import { EventsService, type CreateEventDto } from '@app/events';
import { AccountsService, MembersService, type UpdateProfileDto } from '@app/members';
import { ProjectsService, type CreateProjectDto, type ParticipantRole } from '@app/projects';
import { ThemeAccess, ThemeNotFoundError, ThemesService, type CreateThemeDto } from '@app/themes';

export const DEMO_PASSWORD = 'shiojiri-demo-2026';

interface DemoMember {
  email: string;
  displayName: string;
  role: Role;
  profile: UpdateProfileDto;
}

/** Demo people of the salon. Fictional; the themes follow Shiojiri's 2021 CxO Lab recruitment. */
export const DEMO_MEMBERS: DemoMember[] = [
  {
    email: 'coordinator@shiojiri-salon.example',
    displayName: '山田 めぐみ',
    role: 'coordinator',
    profile: {
      furigana: 'やまだ めぐみ',
      bio: 'NPO法人MEGURUで塩尻CxO Labのコーディネーターをしています。テーマオーナーと副業人材をつなぎ、プロジェクト終了後もつながり続ける場をつくっています。',
      skills: ['コーディネート', 'コミュニティ運営', 'PM'],
      relation: 'coordinator',
      homeArea: '塩尻市 大門',
      openToHelp: true,
    },
  },
  {
    email: 'kenta@shiojiri-salon.example',
    displayName: '佐藤 健太',
    role: 'member',
    profile: {
      furigana: 'さとう けんた',
      bio: '東京のIT企業でマーケティングを担当。副業で木曽平沢「日々別荘」の滞在型コンテンツづくりにCMOとして参加しました。',
      skills: ['CMO', 'マーケティング', 'SNS運用'],
      relation: 'side_job_professional',
      homeArea: '東京都 世田谷区',
      pastProjects: [{ theme: '木曽平沢 日々別荘の滞在型コンテンツ', role: 'CMO', year: 2021 }],
      links: [{ label: 'note', url: 'https://note.example/kenta' }],
      openToHelp: true,
    },
  },
  {
    email: 'akari@shiojiri-salon.example',
    displayName: '中村 あかり',
    role: 'member',
    profile: {
      furigana: 'なかむら あかり',
      bio: '塩尻市出身のグラフィックデザイナー。観光センターのショップ再生でパッケージとサインのデザインを担当しました。',
      skills: ['デザイン', 'ブランディング'],
      relation: 'former_resident',
      homeArea: '長野県 松本市',
      pastProjects: [{ theme: '観光センターショップ再生', role: 'デザイナー', year: 2021 }],
      openToHelp: false,
    },
  },
  {
    email: 'makoto@shiojiri-salon.example',
    displayName: '小林 誠',
    role: 'member',
    profile: {
      furigana: 'こばやし まこと',
      bio: '木曽平沢で三代続く漆器の工房を営んでいます。アーティスト・イン・レジデンスで職人と作家が出会う場をつくりたいテーマオーナーです。',
      skills: ['漆器', '木曽漆器', 'ものづくり'],
      relation: 'theme_owner',
      homeArea: '塩尻市 木曽平沢',
      pastProjects: [
        { theme: '持続可能なアーティスト・イン・レジデンス', role: 'テーマオーナー', year: 2021 },
      ],
      openToHelp: true,
    },
  },
  {
    email: 'yumi@shiojiri-salon.example',
    displayName: '田中 由美',
    role: 'member',
    profile: {
      furigana: 'たなか ゆみ',
      bio: '人事歴15年。CHROとしてファンベースの関係人口づくりプロジェクトに関わり、今も週末は塩尻に通っています。',
      skills: ['CHRO', '人事', '組織開発'],
      relation: 'supporter',
      homeArea: '神奈川県 横浜市',
      pastProjects: [{ theme: 'ファンベースの関係人口創出Webメディア', role: 'CHRO', year: 2021 }],
      openToHelp: true,
    },
  },
  {
    email: 'emily@shiojiri-salon.example',
    displayName: 'Emily Carter',
    role: 'member',
    profile: {
      bio: 'Product designer from Melbourne who fell in love with Narai-juku and lacquerware. Happy to help with English content.',
      skills: ['UX', 'Design', 'English'],
      relation: 'supporter',
      homeArea: 'Melbourne',
      locale: 'en',
      timeZone: 'Australia/Melbourne',
      links: [{ label: 'Portfolio', url: 'https://emily.example' }],
      openToHelp: true,
    },
  },
  {
    email: 'admin@shiojiri-salon.example',
    displayName: '伊藤 直樹',
    role: 'admin',
    profile: {
      furigana: 'いとう なおき',
      bio: '塩尻市役所 地方創生推進課。サロンの運営（会員の役割やダイジェスト配信）を担当しています。',
      skills: ['行政', '運営'],
      relation: 'resident',
      homeArea: '塩尻市 大門',
      openToHelp: false,
    },
  },
];

interface DemoTheme extends CreateThemeDto {
  ownerEmails: string[];
  followerEmails: string[];
  /** [author email, body, reply to the message at this index?] in order. */
  conversation: [string, string, number?][];
}

const everyone = DEMO_MEMBERS.map((m) => m.email);
const [coordinator, kenta, akari, makoto, yumi, emily] = everyone;

/** The four themes Shiojiri recruited for in the 2021 CxO Lab, and the salon's lounge. */
export const DEMO_THEMES: DemoTheme[] = [
  {
    slug: 'lounge',
    title: 'ラウンジ',
    titleEn: 'Lounge',
    summary: 'テーマを越えて、塩尻にかかわる人たちが気軽に話せる場所です。',
    summaryEn: 'A place for everyone involved with Shiojiri to chat across themes.',
    status: 'active',
    ownerEmails: [coordinator],
    followerEmails: everyone,
    conversation: [
      [coordinator, '塩尻サロンへようこそ！自己紹介をどうぞ 🍇'],
      [kenta, '佐藤です。日々別荘のプロジェクトが終わってからも、月に一度は木曽平沢に通っています。'],
      [emily, 'Hi everyone! Emily here, happy to help with English content. よろしくお願いします！'],
      [yumi, '@山田 めぐみ さん、次の交流会はいつ頃になりそうですか？'],
      [coordinator, '12月にオンラインで開催予定です。詳細は近日お知らせします。', 3],
    ],
  },
  {
    slug: 'artist-in-residence',
    title: '持続可能なアーティスト・イン・レジデンスの仕組みづくり',
    titleEn: 'A sustainable artist-in-residence programme',
    summary: '漆器の産地・木曽平沢で、職人と作家が出会い、滞在制作が続いていく仕組みをつくります。',
    summaryEn:
      'Building a lasting residency where artists and lacquerware craftspeople in Kiso-Hirasawa meet.',
    status: 'ended',
    ownerEmails: [makoto],
    followerEmails: [makoto, akari, emily, coordinator],
    conversation: [
      [makoto, '来年度の滞在作家の募集要項、たたき台を共有します。漆器の工房見学も組み込みたいです。'],
      [akari, '募集ページのデザイン、ラフを作ってみますね。'],
      [emily, 'I can translate the call for artists into English.', 0],
    ],
  },
  {
    slug: 'kiso-hirasawa-hibi-bessou',
    title: '木曽平沢「日々別荘」を拠点にした滞在型コンテンツづくり',
    titleEn: 'Stay-type content around the Kiso-Hirasawa "hibi bessou" house',
    summary: '古民家「日々別荘」に泊まりながら、漆の町の暮らしを体験できるコンテンツをつくります。',
    status: 'ended',
    ownerEmails: [],
    followerEmails: [kenta, makoto, coordinator],
    conversation: [
      [kenta, '冬の宿泊プランのSNS告知、反応が良かったので春も続けましょう。'],
      [makoto, '春は漆塗り体験と組み合わせられそうです。'],
    ],
  },
  {
    slug: 'tourism-center-shop',
    title: '塩尻市観光センターのショップ再生',
    titleEn: 'Reviving the tourism centre shop',
    summary: '駅前の観光センターのショップを、地元の作り手とつながる場所に生まれ変わらせます。',
    status: 'active',
    ownerEmails: [],
    followerEmails: [akari, yumi, coordinator],
    conversation: [[akari, 'ワインと漆器のギフトセット、パッケージ案を3つ用意しました。']],
  },
  {
    slug: 'fanbase-media',
    title: 'ファンベースで関係人口を増やすWebメディア',
    titleEn: 'A fan-based web media for the relationship population',
    summary: '塩尻のファンが書き手になるWebメディアで、関係人口を増やします。',
    status: 'active',
    ownerEmails: [],
    followerEmails: [yumi, kenta, emily, coordinator],
    conversation: [[yumi, '今月の記事テーマ案：「週末塩尻」の過ごし方。書いてみたい方いますか？']],
  },
];

interface DemoEvent extends Omit<CreateEventDto, 'startsAt' | 'endsAt' | 'themeId'> {
  /** The theme it belongs to; none means a salon-wide event, announced in the lounge. */
  themeSlug: string | null;
  /** Starts this many days after today (Japan time), at `at` o'clock in Tokyo, for `minutes`. */
  inDays: number;
  at: string;
  minutes: number;
  /** RSVP'd going in this order: past the capacity they join the waitlist. */
  going: string[];
  interested: string[];
}

/** Upcoming events (times relative to the day the demo is seeded): online, on site in Shiojiri, hybrid. */
export const DEMO_EVENTS: DemoEvent[] = [
  {
    title: 'オンライン座談会「副業で地域とかかわり続けるには」',
    description:
      '塩尻CxO Labに参加した副業人材の3人が、プロジェクトが終わったあとも塩尻とつながり続けている理由と工夫を話します。\n後半は参加者どうしの質問タイムです。',
    themeSlug: 'fanbase-media',
    inDays: 4,
    at: '20:00',
    minutes: 90,
    format: 'online',
    joinUrl: 'https://meet.example/shiojiri-salon/zadankai',
    going: [kenta, yumi, emily],
    interested: [akari],
  },
  {
    title: '木曽平沢 漆器工房めぐりと漆塗り体験',
    description:
      '漆器の産地・木曽平沢の工房を小林さんの案内で訪ね、箸の漆塗りを体験します。工房の広さの都合で定員は2名です。\n汚れてもよい服装でお越しください。',
    themeSlug: 'artist-in-residence',
    inDays: 10,
    at: '13:00',
    minutes: 180,
    format: 'onsite',
    venueName: '小林漆器工房（木曽平沢）',
    venueAddress: '長野県塩尻市木曽平沢',
    capacity: 2,
    going: [akari, kenta, yumi, emily],
    interested: [],
  },
  {
    title: '塩尻CxO Lab 交流会（会場＋オンライン）',
    description:
      '歴代のテーマオーナーと副業人材が集まる交流会です。えんぱーくの会場でも、オンラインでも参加できます。\n塩尻ワインの試飲あり（会場のみ）。',
    themeSlug: null,
    inDays: 17,
    at: '18:30',
    minutes: 150,
    format: 'hybrid',
    venueName: 'えんぱーく（塩尻市市民交流センター）',
    venueAddress: '長野県塩尻市大門一番町12-2',
    joinUrl: 'https://meet.example/shiojiri-salon/koryukai',
    capacity: 30,
    going: [coordinator, makoto, kenta, emily],
    interested: [yumi, akari],
  },
];

interface DemoProject extends Omit<CreateProjectDto, 'startsOn' | 'endsOn'> {
  themeSlug: string;
  /** Fixed dates (`YYYY-MM-DD`), or days from today in Tokyo for a project that is running now. */
  dates: { startsOn: string; endsOn: string } | { fromDays: number; toDays: number };
  participants: [string, ParticipantRole][];
}

const CXO_LAB_2021 = { startsOn: '2021-10-01', endsOn: '2021-12-31' };

/**
 * The 2021 CxO Lab: a three-month project in each of the four themes, ended (their people are alumni), and
 * one running now, in which alumni of 2021 carry on.
 */
export const DEMO_PROJECTS: DemoProject[] = [
  {
    themeSlug: 'artist-in-residence',
    title: '2021年度 塩尻CxO Lab：アーティスト・イン・レジデンス',
    status: 'ended',
    dates: CXO_LAB_2021,
    participants: [
      [makoto, 'theme_owner'],
      [emily, 'supporter'],
      [coordinator, 'coordinator'],
    ],
  },
  {
    themeSlug: 'kiso-hirasawa-hibi-bessou',
    title: '2021年度 塩尻CxO Lab：日々別荘の滞在型コンテンツ',
    status: 'ended',
    dates: CXO_LAB_2021,
    participants: [
      [kenta, 'side_job_professional'],
      [coordinator, 'coordinator'],
    ],
  },
  {
    themeSlug: 'tourism-center-shop',
    title: '2021年度 塩尻CxO Lab：観光センターショップ再生',
    status: 'ended',
    dates: CXO_LAB_2021,
    participants: [
      [akari, 'side_job_professional'],
      [coordinator, 'coordinator'],
    ],
  },
  {
    themeSlug: 'fanbase-media',
    title: '2021年度 塩尻CxO Lab：ファンベースの関係人口創出',
    status: 'ended',
    dates: CXO_LAB_2021,
    participants: [
      [yumi, 'side_job_professional'],
      [coordinator, 'coordinator'],
    ],
  },
  {
    themeSlug: 'fanbase-media',
    title: 'ファンと書く「週末塩尻」特集',
    status: 'running',
    dates: { fromDays: -30, toDays: 60 },
    participants: [
      [yumi, 'theme_owner'],
      [kenta, 'side_job_professional'],
      [emily, 'supporter'],
      [coordinator, 'coordinator'],
    ],
  },
];

/** The day `days` after today in Tokyo, as `YYYY-MM-DD`. */
function tokyoDayIn(days: number): string {
  return tokyoDay(new Date(Date.now() + days * 24 * 3600_000));
}

const HOUR_MS = 3600_000;
const TOKYO_OFFSET_MS = 9 * HOUR_MS;

/** `at` (HH:MM, Tokyo time: no DST there) on the day `days` after today in Tokyo. */
function tokyoTime(days: number, at: string): Date {
  const today = new Date(Date.now() + TOKYO_OFFSET_MS);
  const [hours, minutes] = at.split(':').map(Number);
  const local = Date.UTC(
    today.getUTCFullYear(),
    today.getUTCMonth(),
    today.getUTCDate() + days,
    hours,
    minutes,
  );
  return new Date(local - TOKYO_OFFSET_MS);
}

/**
 * Idempotent: creates what is missing (members, themes, follows, conversations, events and their RSVPs) and
 * refreshes the demo profiles; never touches anything that is not demo data.
 */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly accounts: AccountsService,
    private readonly members: MembersService,
    private readonly themes: ThemesService,
    private readonly chat: ChatService,
    private readonly events: EventsService,
    private readonly access: ThemeAccess,
    private readonly projects: ProjectsService,
  ) {}

  async seed(): Promise<{
    created: number;
    updated: number;
    themes: number;
    messages: number;
    events: number;
    projects: number;
  }> {
    let created = 0;
    const people = new Map<string, AuthMember>();
    for (const demo of DEMO_MEMBERS) {
      const existing = await this.accounts.findByEmail(demo.email);
      const member =
        existing ??
        (await this.accounts.createAccount(
          { email: demo.email, password: DEMO_PASSWORD, displayName: demo.displayName },
          demo.role,
        ));
      if (!existing) created += 1;
      await this.members.updateProfile(member.id, demo.profile);
      people.set(demo.email, { id: member.id, role: member.role });
    }
    const person = (email: string): AuthMember => people.get(email) ?? { id: '', role: 'member' };
    const staff = person(coordinator);

    let messages = 0;
    for (const { ownerEmails, followerEmails, conversation, ...theme } of DEMO_THEMES) {
      await this.access.visibleTheme(theme.slug, staff).catch(async (error: unknown) => {
        if (!(error instanceof ThemeNotFoundError)) throw error;
        await this.themes.create({ ...theme, ownerIds: ownerEmails.map((e) => person(e).id) }, staff);
      });
      for (const email of followerEmails) await this.themes.follow(theme.slug, person(email));
      const [general] = await this.themes.channels(theme.slug, staff);
      const sentIds: string[] = [];
      for (const [index, [email, body, replyTo]] of conversation.entries()) {
        const { message, created: isNew } = await this.chat.send(person(email), {
          channelId: general.id,
          body,
          clientMessageId: `demo:${theme.slug}:${index}`,
          ...(replyTo !== undefined && { parentId: sentIds[replyTo] }),
        });
        sentIds.push(message.id);
        if (isNew) messages += 1;
      }
    }
    const events = await this.seedEvents(staff, person);
    const projects = await this.seedProjects(staff, person);
    return {
      created,
      updated: DEMO_MEMBERS.length - created,
      themes: DEMO_THEMES.length,
      messages,
      events,
      projects,
    };
  }

  /**
   * Creates the demo projects that are missing (found by title in their theme) and adds their missing
   * participants; a running one whose last day has passed is moved to run now again. A theme a demo user
   * archived is left alone (it is read only).
   */
  private async seedProjects(staff: AuthMember, person: (email: string) => AuthMember): Promise<number> {
    let created = 0;
    for (const { themeSlug, dates, participants, ...fields } of DEMO_PROJECTS) {
      const theme = await this.access.visibleTheme(themeSlug, staff);
      if (theme.archived) continue;
      const planned =
        'fromDays' in dates
          ? { startsOn: tokyoDayIn(dates.fromDays), endsOn: tokyoDayIn(dates.toDays) }
          : dates;
      const existing = await this.projects.findByTitle(theme.id, fields.title);
      let project = existing && (await this.projects.get(existing.id, staff));
      if (!project) {
        project = await this.projects.create(themeSlug, { ...fields, ...planned }, staff);
        created += 1;
      } else if ('fromDays' in dates && project.endsOn < tokyoDayIn(0)) {
        project = await this.projects.update(project.id, planned, staff);
      }
      const present = new Set(project.participants.map((p) => p.memberId));
      for (const [email, role] of participants) {
        const member = person(email);
        if (!present.has(member.id)) await this.projects.setParticipant(project.id, member.id, role, staff);
      }
    }
    return created;
  }

  /**
   * Creates the demo events that are missing (found by title among the coordinator's; each is announced);
   * one that has already started is moved to its next planned time, one a demo user cancelled is left alone.
   * Demo members without an RSVP get theirs, in order, so the small workshop fills and has a waitlist.
   */
  private async seedEvents(staff: AuthMember, person: (email: string) => AuthMember): Promise<number> {
    let created = 0;
    for (const { themeSlug, inDays, at, minutes, going, interested, ...fields } of DEMO_EVENTS) {
      const startsAt = tokyoTime(inDays, at);
      const planned = {
        ...fields,
        startsAt,
        endsAt: new Date(startsAt.getTime() + minutes * 60_000),
        themeId: themeSlug ? (await this.access.visibleTheme(themeSlug, staff)).id : null,
      };
      const existing = await this.events.firstCreatedBy(staff.id, fields.title);
      let id = existing?.id;
      if (!existing) {
        // Announced in its channel like any new event (EventAnnouncer subscribes to it).
        id = (await this.events.create(planned, staff)).id;
        created += 1;
      } else if (existing.status === 'cancelled') {
        continue;
      } else if (existing.startsAt <= new Date()) {
        await this.events.update(existing.id, planned, staff);
      }
      if (!id) continue;
      const rsvps: [string, 'going' | 'interested'][] = [
        ...going.map((email): [string, 'going'] => [email, 'going']),
        ...interested.map((email): [string, 'interested'] => [email, 'interested']),
      ];
      for (const [email, status] of rsvps) {
        const member = person(email);
        if ((await this.events.get(id, member)).myRsvp === null)
          await this.events.rsvp(id, { status }, member);
      }
    }
    return created;
  }
}
