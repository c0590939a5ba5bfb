import { tokyoDay, tokyoDayStart } from '@app/common';
import type { ParticipantRole } from '@app/projects';
import { duePeriod } from '@app/digest';
import type { EventFormat } from '@app/events';
import type { Relation } from '@app/members';

/**
 * The demo's history (issue 15), planned as plain data: a fictional population of past participants and
 * salon members, what they did day by day since the 2021 CxO Lab, past events and past weekly digests.
 * Pure and deterministic: every random choice comes from a PRNG seeded with a stable key (a person's email
 * and a month, an event's title, a week), never Math.random, so the plan for a given day in the past is the
 * same whenever it is made — running the demo again a day later only adds the new days.
 */

export const DEMO_DOMAIN = 'shiojiri-salon.example';

/** The 2021 CxO Lab: the four three-month projects the demo seed creates. */
export const LAB_2021 = { startsOn: '2021-10-01', endsOn: '2021-12-31' };

export interface HistoryPerson {
  email: string;
  displayName: string;
  furigana: string;
  relation: Relation;
  homeArea: string;
  bio: string;
  skills: string[];
  joinedAt: Date;
  /** Weekly digests off: they unsubscribed from a past one (`unsubscribedPeriod`). */
  unsubscribedPeriod: string | null;
  /** A 2021 CxO Lab project (by its index in the lab's four) and their role in it. */
  lab: { project: number; role: ParticipantRole } | null;
}

export interface HistoryDay {
  day: string;
  email: string;
  visited: boolean;
  engaged: boolean;
}

export interface HistoryRsvp {
  email: string;
  status: 'going' | 'interested';
  answeredAt: Date;
  checkedInAt: Date | null;
}

export interface HistoryEvent {
  title: string;
  description: string;
  themeSlug: string | null;
  format: EventFormat;
  venueName: string | null;
  venueAddress: string | null;
  joinUrl: string | null;
  capacity: number | null;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  rsvps: HistoryRsvp[];
}

export interface HistoryDigest {
  email: string;
  period: string;
  periodStart: Date;
  periodEnd: Date;
  sentAt: Date;
  /** When they followed a link in it, if they did. */
  clickedAt: Date | null;
  unsubscribedAt: Date | null;
}

export interface DemoHistoryPlan {
  /** The new people (the seed's demo people are not among them: see `personaJoins`). */
  people: HistoryPerson[];
  /** When the seed's demo people joined the salon (their accounts are backdated to it). */
  personaJoins: { email: string; joinedAt: Date }[];
  days: HistoryDay[];
  events: HistoryEvent[];
  digests: HistoryDigest[];
}

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness

/** A 32-bit hash of a string (FNV-1a), the seed of a key's stream. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small seeded PRNG, numbers in [0, 1). Each key gets its own stream. */
export function randomFor(key: string): () => number {
  let state = hash(key);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Calendar (Asia/Tokyo: UTC+9 all year)

const DAY_MS = 24 * 3600_000;

/** `YYYY-MM` as a month index (year × 12 + month − 1), and back. */
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
const daysIn = (index: number) =>
  new Date(Date.UTC(Math.floor(index / 12), (index % 12) + 1, 0)).getUTCDate();

/** The instant of `HH:MM` in Tokyo on a day `YYYY-MM-DD`. */
export function tokyoAt(day: string, hour: number, minute = 0): Date {
  return new Date(tokyoDayStart(day).getTime() + (hour * 60 + minute) * 60_000);
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------------
// The people

/** Fictional names: family and given names are paired so that no two people share both. */
const FAMILIES: [string, string, string][] = [
  ['鈴木', 'すずき', 'suzuki'],
  ['高橋', 'たかはし', 'takahashi'],
  ['渡辺', 'わたなべ', 'watanabe'],
  ['山本', 'やまもと', 'yamamoto'],
  ['加藤', 'かとう', 'kato'],
  ['吉田', 'よしだ', 'yoshida'],
  ['山口', 'やまぐち', 'yamaguchi'],
  ['松本', 'まつもと', 'matsumoto'],
  ['井上', 'いのうえ', 'inoue'],
  ['木村', 'きむら', 'kimura'],
  ['林', 'はやし', 'hayashi'],
  ['清水', 'しみず', 'shimizu'],
  ['山崎', 'やまざき', 'yamazaki'],
  ['森', 'もり', 'mori'],
  ['池田', 'いけだ', 'ikeda'],
  ['橋本', 'はしもと', 'hashimoto'],
  ['阿部', 'あべ', 'abe'],
  ['石川', 'いしかわ', 'ishikawa'],
  ['前田', 'まえだ', 'maeda'],
  ['藤田', 'ふじた', 'fujita'],
  ['小川', 'おがわ', 'ogawa'],
  ['岡田', 'おかだ', 'okada'],
  ['長谷川', 'はせがわ', 'hasegawa'],
  ['村上', 'むらかみ', 'murakami'],
  ['近藤', 'こんどう', 'kondo'],
];
const GIVEN: [string, string, string][] = [
  ['陽斗', 'はると', 'haruto'],
  ['結衣', 'ゆい', 'yui'],
  ['大輝', 'だいき', 'daiki'],
  ['美咲', 'みさき', 'misaki'],
  ['翔太', 'しょうた', 'shota'],
  ['彩花', 'あやか', 'ayaka'],
  ['拓海', 'たくみ', 'takumi'],
  ['葵', 'あおい', 'aoi'],
  ['悠真', 'ゆうま', 'yuma'],
  ['真由', 'まゆ', 'mayu'],
  ['蓮', 'れん', 'ren'],
  ['千尋', 'ちひろ', 'chihiro'],
  ['浩二', 'こうじ', 'koji'],
  ['智子', 'ともこ', 'tomoko'],
  ['健一', 'けんいち', 'kenichi'],
  ['里奈', 'りな', 'rina'],
  ['誠司', 'せいじ', 'seiji'],
  ['直美', 'なおみ', 'naomi'],
  ['亮', 'りょう', 'ryo'],
  ['沙織', 'さおり', 'saori'],
  ['和也', 'かずや', 'kazuya'],
  ['舞', 'まい', 'mai'],
  ['隆', 'たかし', 'takashi'],
  ['香織', 'かおり', 'kaori'],
  ['修', 'おさむ', 'osamu'],
  ['菜々子', 'ななこ', 'nanako'],
];

const HOME_AREAS = [
  '東京都 世田谷区',
  '東京都 杉並区',
  '神奈川県 川崎市',
  '長野県 松本市',
  '塩尻市 広丘',
  '埼玉県 さいたま市',
  '塩尻市 大門',
  '愛知県 名古屋市',
  '長野県 安曇野市',
  '大阪府 大阪市',
  '千葉県 船橋市',
  '東京都 練馬区',
];

const SKILLS = [
  ['マーケティング', 'SNS運用'],
  ['デザイン', 'イラスト'],
  ['エンジニアリング', 'Web制作'],
  ['編集', 'ライティング'],
  ['財務', '経営企画'],
  ['写真', '動画'],
  ['人事', '採用'],
  ['PM', 'ファシリテーション'],
  ['営業', 'EC運営'],
  ['農業', 'ワイン'],
];

/** The 2021 CxO Lab projects' short names (in the order of the seed's four), for bios. */
const LAB_NAMES = [
  'アーティスト・イン・レジデンス',
  '日々別荘の滞在型コンテンツ',
  '観光センターショップ再生',
  'ファンベースの関係人口創出',
];
/** Six alumni per 2021 project (the seed's own people come on top). */
const LAB_ROLES: ParticipantRole[][] = [
  [
    'side_job_professional',
    'side_job_professional',
    'side_job_professional',
    'supporter',
    'supporter',
    'supporter',
  ],
  [
    'side_job_professional',
    'side_job_professional',
    'side_job_professional',
    'supporter',
    'supporter',
    'theme_owner',
  ],
  [
    'side_job_professional',
    'side_job_professional',
    'side_job_professional',
    'supporter',
    'supporter',
    'theme_owner',
  ],
  [
    'side_job_professional',
    'side_job_professional',
    'side_job_professional',
    'supporter',
    'supporter',
    'theme_owner',
  ],
];
const ROLE_JA: Record<ParticipantRole, string> = {
  side_job_professional: '副業人材',
  supporter: 'サポーター',
  theme_owner: 'テーマオーナー',
  coordinator: 'コーディネーター',
};

/** Who joined the salon after the lab, and what brought them: a few people each half year. */
const WAVES: { month: string; size: number; reason: string }[] = [
  { month: '2022-04', size: 6, reason: 'CxO Lab 2021 の成果報告会' },
  { month: '2022-10', size: 5, reason: '2022年度 塩尻CxO Lab の説明会' },
  { month: '2023-04', size: 5, reason: '友人の紹介' },
  { month: '2023-10', size: 6, reason: '塩尻ワイン大学の公開講座' },
  { month: '2024-04', size: 5, reason: '木曽平沢の漆器工房めぐり' },
  { month: '2024-10', size: 5, reason: 'ふるさと納税の返礼品' },
  { month: '2025-04', size: 5, reason: 'オンライン座談会' },
  { month: '2025-10', size: 6, reason: '東京での塩尻移住相談会' },
  { month: '2026-05', size: 5, reason: '観光センターショップのワークショップ' },
  { month: '2026-10', size: 5, reason: '「週末塩尻」特集の記事' },
];
const WAVE_RELATIONS: Relation[] = [
  'supporter',
  'former_resident',
  'side_job_professional',
  'resident',
  'other',
];

/**
 * How a person takes part over time: episodes (joining, coming back), each from a month on. In a month they
 * take part (are engaged at all) with a chance that halves every `halfLife` months, down to `floor`, and then
 * on about `days` days. So a cohort's or a project's alumni thin out month by month, some stay for years.
 */
interface Episode {
  month: number;
  chance: number;
  halfLife: number;
  floor: number;
  days: number;
  /** A return after a quiet spell (QUIET_MONTHS without any activity before it). */
  comeback?: boolean;
}

interface Pattern {
  email: string;
  joinedAt: Date;
  episodes: Episode[];
  /** Comes to events more often than others (a few people are at most of them). */
  eventGoer: boolean;
  lab: boolean;
}

/** Reunions bring people back: each May and November there is a salon-wide event. */
const REUNION_MONTHS = [
  '2022-11',
  '2023-05',
  '2023-11',
  '2024-05',
  '2024-11',
  '2025-05',
  '2025-11',
  '2026-05',
  '2026-11',
];

/** Months with no activity before a comeback, so that it is one (more than 90 days without engagement). */
const QUIET_MONTHS = 4;

const NEVER = 1e9;
const COMEBACK = { chance: 0.9, halfLife: 2, floor: 0, days: 3, comeback: true };

function patternFor(email: string, joinMonth: number, lab: boolean): Pattern['episodes'] {
  const random = randomFor(`pattern:${email}`);
  const kind = random();
  // Core members stay (a floor), regulars fade over a year or so, drifters within months.
  const [chance, halfLife, floor, days] =
    kind < 0.25 ? [0.9, 24, 0.5, 4] : kind < 0.7 ? [0.75, 8, 0, 3] : [0.55, 3, 0, 2];
  const episodes: Episode[] = lab
    ? [
        // The three months of the lab are busy; it fades from its end.
        { month: joinMonth, chance: 1, halfLife: NEVER, floor: 1, days: 8 },
        { month: monthIndex('2022-01'), chance, halfLife, floor, days },
      ]
    : [{ month: joinMonth, chance, halfLife, floor, days }];
  // Some come back at a reunion, after a quiet spell.
  const comebacks = random() < 0.5 ? (random() < 0.25 ? 2 : 1) : 0;
  const reunions = REUNION_MONTHS.map(monthIndex).filter((m) => m >= joinMonth + 8);
  for (let i = 0; i < comebacks && reunions.length; i += 1) {
    const month = reunions.splice(Math.floor(random() * reunions.length), 1)[0];
    episodes.push({ month, ...COMEBACK });
  }
  return episodes.sort((a, b) => a.month - b.month);
}

/** The episode in force in a month and the chance of taking part; none in a quiet spell before a comeback. */
function involvement(episodes: readonly Episode[], month: number): { chance: number; days: number } {
  const current = [...episodes].reverse().find((episode) => episode.month <= month);
  if (!current) return { chance: 0, days: 0 };
  const next = episodes.find((episode) => episode.month > month);
  if (next?.comeback && month >= next.month - QUIET_MONTHS) return { chance: 0, days: 0 };
  const chance = current.chance * 0.5 ** ((month - current.month) / current.halfLife);
  return { chance: Math.max(current.floor, chance < 0.04 ? 0 : chance), days: current.days };
}

/** Engaged days to expect in a month (event invitations and digest clicks follow it). */
function expectedEngaged(episodes: readonly Episode[], month: number): number {
  const { chance, days } = involvement(episodes, month);
  return chance * days;
}

/** The seed's demo people: when they joined, and how they have taken part since (as their profiles tell). */
const PERSONAS: {
  email: string;
  joinedOn: string;
  eventGoer: boolean;
  episodes: (Omit<Episode, 'month'> & { from: string })[];
}[] = [
  {
    email: `coordinator@${DEMO_DOMAIN}`,
    joinedOn: '2021-09-15',
    eventGoer: true,
    episodes: [{ from: '2021-09', chance: 1, halfLife: NEVER, floor: 1, days: 12 }],
  },
  {
    email: `admin@${DEMO_DOMAIN}`,
    joinedOn: '2021-09-15',
    eventGoer: false,
    episodes: [{ from: '2021-09', chance: 0.9, halfLife: NEVER, floor: 0.9, days: 3 }],
  },
  {
    email: `kenta@${DEMO_DOMAIN}`,
    joinedOn: '2021-10-01',
    eventGoer: true,
    episodes: [{ from: '2021-10', chance: 1, halfLife: 12, floor: 0.8, days: 3 }],
  },
  {
    email: `yumi@${DEMO_DOMAIN}`,
    joinedOn: '2021-10-01',
    eventGoer: true,
    episodes: [{ from: '2021-10', chance: 1, halfLife: NEVER, floor: 0.9, days: 5 }],
  },
  {
    email: `makoto@${DEMO_DOMAIN}`,
    joinedOn: '2021-10-02',
    eventGoer: true,
    episodes: [{ from: '2021-10', chance: 1, halfLife: 18, floor: 0.6, days: 3 }],
  },
  {
    email: `akari@${DEMO_DOMAIN}`,
    joinedOn: '2021-10-03',
    eventGoer: false,
    episodes: [
      { from: '2021-10', chance: 1, halfLife: 2, floor: 0, days: 5 },
      { from: '2025-11', ...COMEBACK },
    ],
  },
  {
    email: `emily@${DEMO_DOMAIN}`,
    joinedOn: '2021-10-05',
    eventGoer: false,
    episodes: [
      { from: '2021-10', chance: 0.9, halfLife: 3, floor: 0, days: 3 },
      { from: '2026-05', ...COMEBACK },
      // The running project: she is in it.
      { from: '2026-10', chance: 0.9, halfLife: NEVER, floor: 0.9, days: 4 },
    ],
  },
];

const traits = (email: string, lab: boolean) => ({ eventGoer: randomFor(`events:${email}`)() < 0.3, lab });

/** The plan's people and their patterns, as of `today` (`YYYY-MM-DD` in Tokyo): nobody joins after it. */
function population(today: string): { people: HistoryPerson[]; patterns: Pattern[] } {
  const people: HistoryPerson[] = [];
  const patterns: Pattern[] = [];
  let index = 0;
  const next = () => {
    const [family, familyKana, familyRoman] = FAMILIES[index % FAMILIES.length];
    const [given, givenKana, givenRoman] = GIVEN[index % GIVEN.length];
    const area = HOME_AREAS[index % HOME_AREAS.length];
    const skills = SKILLS[index % SKILLS.length];
    index += 1;
    return {
      email: `${givenRoman}.${familyRoman}@${DEMO_DOMAIN}`,
      displayName: `${family} ${given}`,
      furigana: `${familyKana} ${givenKana}`,
      homeArea: area,
      skills,
    };
  };
  const labStart = monthIndex(LAB_2021.startsOn.slice(0, 7));
  LAB_ROLES.forEach((roles, project) => {
    for (const role of roles) {
      const who = next();
      const random = randomFor(`join:${who.email}`);
      const joinedAt = tokyoAt(
        `2021-10-${String(1 + Math.floor(random() * 14)).padStart(2, '0')}`,
        10 + Math.floor(random() * 10),
      );
      people.push({
        ...who,
        relation:
          role === 'theme_owner'
            ? 'theme_owner'
            : role === 'supporter'
              ? 'supporter'
              : 'side_job_professional',
        bio: `2021年度の塩尻CxO Lab「${LAB_NAMES[project]}」に${ROLE_JA[role]}として参加しました。`,
        joinedAt,
        unsubscribedPeriod: null,
        lab: { project, role },
      });
      patterns.push({
        email: who.email,
        joinedAt,
        episodes: patternFor(who.email, labStart, true),
        ...traits(who.email, true),
      });
    }
  });
  for (const wave of WAVES) {
    for (let i = 0; i < wave.size; i += 1) {
      const who = next();
      const random = randomFor(`join:${who.email}`);
      const day = `${wave.month}-${String(1 + Math.floor(random() * 27)).padStart(2, '0')}`;
      if (day >= today) continue;
      const joinedAt = tokyoAt(day, 9 + Math.floor(random() * 13), Math.floor(random() * 60));
      const relation = WAVE_RELATIONS[(index + i) % WAVE_RELATIONS.length];
      people.push({
        ...who,
        relation,
        bio: `${wave.reason}をきっかけに塩尻サロンに参加しました。`,
        joinedAt,
        unsubscribedPeriod: null,
        lab: null,
      });
      patterns.push({
        email: who.email,
        joinedAt,
        episodes: patternFor(who.email, monthIndex(wave.month), false),
        ...traits(who.email, false),
      });
    }
  }
  for (const persona of PERSONAS) {
    patterns.push({
      email: persona.email,
      joinedAt: tokyoAt(persona.joinedOn, 10),
      eventGoer: persona.eventGoer,
      lab: persona.email !== `admin@${DEMO_DOMAIN}`,
      episodes: persona.episodes.map(({ from, ...rest }) => ({ ...rest, month: monthIndex(from) })),
    });
  }
  return { people, patterns };
}

// ---------------------------------------------------------------------------------------------------------
// Days, events and digests

/** Engaged and visit-only days per person and month, each month from its own seed. */
function daysOf(pattern: Pattern, today: string): HistoryDay[] {
  const days: HistoryDay[] = [];
  const joinedOn = tokyoDay(pattern.joinedAt);
  for (let month = monthIndex(joinedOn.slice(0, 7)); month <= monthIndex(today.slice(0, 7)); month += 1) {
    const { chance, days: usual } = involvement(pattern.episodes, month);
    if (chance <= 0) continue;
    const random = randomFor(`days:${pattern.email}:${monthOf(month)}`);
    const length = daysIn(month);
    // Taking part that month: engaged on a few days, and visits on some more; otherwise maybe a look or two.
    const taking = random() < chance;
    const engaged = taking
      ? Math.min(length, Math.max(1, Math.floor(usual * (0.5 + random()) + random())))
      : 0;
    const visitOnly = Math.min(
      length - engaged,
      taking
        ? Math.floor(engaged * 1.5 + 2 * random())
        : random() < chance
          ? 1 + Math.floor(random() * 3)
          : 0,
    );
    // Distinct days of the month, in a seeded order; the first `engaged` are engaged, the next visits only.
    const order = Array.from({ length }, (_, i) => i + 1);
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    order.slice(0, engaged + visitOnly).forEach((date, i) => {
      const day = `${monthOf(month)}-${String(date).padStart(2, '0')}`;
      if (day < joinedOn || day > today) return;
      days.push({ day, email: pattern.email, visited: true, engaged: i < engaged });
    });
  }
  return days;
}

interface PastEvent {
  title: string;
  description: string;
  themeSlug: string | null;
  format: EventFormat;
  on: string;
  at: number;
  minutes: number;
  capacity?: number;
  /** How many say they are going. */
  going: number;
}

const KORYUKAI = {
  description:
    '歴代のテーマオーナーと副業人材、サロンのメンバーが集まる交流会です。会場でもオンラインでも参加できます。',
  themeSlug: null,
  format: 'hybrid' as const,
  at: 18,
  minutes: 150,
  going: 14,
};

/** Past events: a reunion each May and November, and a few on the themes. */
const PAST_EVENTS: PastEvent[] = [
  {
    title: 'CxO Lab 2021 成果報告会（オンライン）',
    description: '2021年度の4つのプロジェクトの成果を、テーマオーナーと副業人材が報告します。',
    themeSlug: null,
    format: 'online',
    on: '2022-02-19',
    at: 14,
    minutes: 120,
    going: 16,
  },
  {
    title: 'オンライン座談会「プロジェクトのその後」',
    description: 'プロジェクトが終わったあと、塩尻とどうかかわり続けているかを話します。',
    themeSlug: 'fanbase-media',
    format: 'online',
    on: '2022-06-11',
    at: 20,
    minutes: 90,
    going: 8,
  },
  { ...KORYUKAI, title: '塩尻CxO Lab 交流会 2022', on: '2022-11-12' },
  {
    title: '木曽平沢 漆器工房めぐり（春）',
    description: '小林さんの案内で木曽平沢の工房を訪ねます。',
    themeSlug: 'artist-in-residence',
    format: 'onsite',
    on: '2023-05-20',
    at: 13,
    minutes: 180,
    capacity: 10,
    going: 9,
  },
  { ...KORYUKAI, title: '塩尻CxO Lab 交流会 2023', on: '2023-11-18' },
  {
    title: 'ぶどう畑の芽かき体験',
    description: '塩尻のワイン用ぶどう畑で、春の芽かきを手伝います。',
    themeSlug: null,
    format: 'onsite',
    on: '2024-05-25',
    at: 9,
    minutes: 240,
    capacity: 15,
    going: 11,
  },
  { ...KORYUKAI, title: '塩尻CxO Lab 交流会 2024', on: '2024-11-16' },
  {
    title: 'オンライン座談会「関係人口のこれから」',
    description: '関係人口にかかわる人たちと、これからの塩尻とのかかわり方を話します。',
    themeSlug: 'fanbase-media',
    format: 'online',
    on: '2025-05-17',
    at: 20,
    minutes: 90,
    going: 10,
  },
  { ...KORYUKAI, title: '塩尻CxO Lab 交流会 2025', on: '2025-11-15' },
  {
    title: '観光センターショップ 春の棚替えワークショップ',
    description: '観光センターのショップで、地元の作り手と一緒に春の棚をつくります。',
    themeSlug: 'tourism-center-shop',
    format: 'onsite',
    on: '2026-05-16',
    at: 13,
    minutes: 180,
    capacity: 12,
    going: 10,
  },
  {
    title: 'オンライン座談会「副業人材のはじめの一歩」',
    description: 'これから塩尻に副業でかかわりたい方向けの座談会です。',
    themeSlug: 'fanbase-media',
    format: 'online',
    on: '2026-09-12',
    at: 20,
    minutes: 90,
    going: 9,
  },
  { ...KORYUKAI, title: '塩尻CxO Lab 交流会 2026', on: '2026-11-14' },
];

const VENUES: Record<
  EventFormat,
  { venueName: string | null; venueAddress: string | null; joinUrl: string | null }
> = {
  online: { venueName: null, venueAddress: null, joinUrl: 'https://meet.example/shiojiri-salon/past' },
  onsite: {
    venueName: 'えんぱーく（塩尻市市民交流センター）',
    venueAddress: '長野県塩尻市大門一番町12-2',
    joinUrl: null,
  },
  hybrid: {
    venueName: 'えんぱーく（塩尻市市民交流センター）',
    venueAddress: '長野県塩尻市大門一番町12-2',
    joinUrl: 'https://meet.example/shiojiri-salon/past',
  },
};

const COORDINATOR = `coordinator@${DEMO_DOMAIN}`;

/**
 * The events that ended before today, with who answered: the coordinator, those who came back at that
 * reunion, then others drawn by how involved they were that month; most of those going checked in.
 */
function eventsOf(patterns: readonly Pattern[], today: string): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const plan of PAST_EVENTS) {
    if (plan.on >= today) continue;
    const random = randomFor(`event:${plan.title}`);
    const startsAt = tokyoAt(plan.on, plan.at);
    const month = monthIndex(plan.on.slice(0, 7));
    const eligible = patterns.filter((p) => p.joinedAt.getTime() < startsAt.getTime() - 21 * DAY_MS);
    const comeback = (p: Pattern) => p.episodes.some((e) => e.comeback && e.month === month);
    const chosen = new Set<string>([COORDINATOR]);
    for (const p of eligible) if (comeback(p) && chosen.size < plan.going) chosen.add(p.email);
    // The rest by weight: engaged days expected that month, plus a little for anyone.
    const pool = eligible.filter((p) => !chosen.has(p.email));
    while (chosen.size < plan.going + 3 && pool.length) {
      // Alumni of the lab are more likely at its reunions (the hybrid 交流会).
      const weights = pool.map(
        (p) =>
          (expectedEngaged(p.episodes, month) + 0.2) *
          (p.eventGoer ? 5 : 1) *
          (p.lab && plan.format === 'hybrid' ? 2 : 1),
      );
      let target = random() * weights.reduce((a, b) => a + b, 0);
      let at = 0;
      while (at < pool.length - 1 && target >= weights[at]) target -= weights[at++];
      chosen.add(pool.splice(at, 1)[0].email);
    }
    const rsvps = [...chosen].map((email, i): HistoryRsvp => {
      const going = i < plan.going;
      const answeredAt = new Date(
        startsAt.getTime() - (2 + Math.floor(random() * 18)) * DAY_MS - Math.floor(random() * 10) * 3600_000,
      );
      const attended = going && (email === COORDINATOR || random() < 0.8);
      return {
        email,
        status: going ? 'going' : 'interested',
        answeredAt,
        checkedInAt: attended
          ? new Date(startsAt.getTime() + (5 + Math.floor(random() * 20)) * 60_000)
          : null,
      };
    });
    events.push({
      title: plan.title,
      description: plan.description,
      themeSlug: plan.themeSlug,
      format: plan.format,
      ...VENUES[plan.format],
      capacity: plan.capacity ?? null,
      startsAt,
      endsAt: new Date(startsAt.getTime() + plan.minutes * 60_000),
      createdAt: new Date(startsAt.getTime() - 30 * DAY_MS),
      rsvps,
    });
  }
  return events;
}

/** Past weekly digests: this many weeks before the current one (whose digests the demo sends itself). */
const DIGEST_WEEKS = 12;

/**
 * A weekly digest to everyone who had joined, each Monday 08:00 in Tokyo (the members' default), for the
 * weeks before this one. Those more involved that month follow a link more often; two people unsubscribe.
 */
function digestsOf(patterns: readonly Pattern[], people: HistoryPerson[], today: string): HistoryDigest[] {
  const digests: HistoryDigest[] = [];
  const weekday = (new Date(`${today}T00:00:00.000Z`).getUTCDay() + 6) % 7;
  const thisMonday = addDays(today, -weekday);
  const unsubscribers = new Map<string, string>();
  const drifters = people.filter((person) => person.lab === null).slice(0, 12);
  for (let week = DIGEST_WEEKS; week >= 1; week -= 1) {
    const monday = addDays(thisMonday, -7 * week);
    const random = randomFor(`digest:${monday}`);
    const month = monthIndex(monday.slice(0, 7));
    for (const pattern of patterns) {
      if (unsubscribers.has(pattern.email)) continue;
      const due = duePeriod(
        'weekly',
        { timeZone: 'Asia/Tokyo', sendWeekday: 1, sendHour: 8, joinedAt: pattern.joinedAt },
        tokyoAt(monday, 8, 1),
        false,
      );
      if (!due) continue;
      const sentAt = new Date(due.end.getTime() + (1 + Math.floor(random() * 5)) * 60_000);
      const clicks = random() < Math.min(0.6, 0.04 + expectedEngaged(pattern.episodes, month) / 10);
      const clickedAt = clicks ? new Date(sentAt.getTime() + Math.floor(random() * 30) * 3600_000) : null;
      // Two who drifted away turn the digest off, one in each half of the weeks shown.
      const leaving =
        (week === 9 && pattern.email === drifters[3]?.email) ||
        (week === 3 && pattern.email === drifters[8]?.email);
      const unsubscribedAt = leaving ? new Date(sentAt.getTime() + 2 * 3600_000) : null;
      if (leaving) unsubscribers.set(pattern.email, due.key);
      digests.push({
        email: pattern.email,
        period: due.key,
        periodStart: due.start,
        periodEnd: due.end,
        sentAt,
        clickedAt,
        unsubscribedAt,
      });
    }
  }
  for (const person of people) person.unsubscribedPeriod = unsubscribers.get(person.email) ?? null;
  return digests;
}

/**
 * The whole history as of `today` (`YYYY-MM-DD`, Tokyo). Event answers, check-ins and digest clicks are
 * days the person visited, and answers and check-ins engaged days, as the app would have recorded them.
 */
export function planDemoHistory(today: string): DemoHistoryPlan {
  const { people, patterns } = population(today);
  const events = eventsOf(patterns, today);
  const digests = digestsOf(patterns, people, today);
  const byKey = new Map<string, HistoryDay>();
  const add = (day: HistoryDay) => {
    if (day.day > today) return;
    const key = `${day.day}|${day.email}`;
    const known = byKey.get(key);
    if (known) {
      known.visited ||= day.visited;
      known.engaged ||= day.engaged;
    } else byKey.set(key, { ...day });
  };
  for (const pattern of patterns) for (const day of daysOf(pattern, today)) add(day);
  for (const event of events) {
    for (const rsvp of event.rsvps) {
      add({ day: tokyoDay(rsvp.answeredAt), email: rsvp.email, visited: true, engaged: true });
      if (rsvp.checkedInAt)
        add({ day: tokyoDay(rsvp.checkedInAt), email: rsvp.email, visited: true, engaged: true });
    }
  }
  for (const digest of digests) {
    if (digest.clickedAt)
      add({ day: tokyoDay(digest.clickedAt), email: digest.email, visited: true, engaged: false });
  }
  const personaJoins = PERSONAS.map((persona) => ({
    email: persona.email,
    joinedAt: tokyoAt(persona.joinedOn, 10),
  }));
  const days = [...byKey.values()].sort((a, b) =>
    a.day === b.day ? a.email.localeCompare(b.email) : a.day < b.day ? -1 : 1,
  );
  return { people, personaJoins, days, events, digests };
}
