import { Injectable } from '@nestjs/common';
import type { Role } from '@app/auth';
import { AccountsService, MembersService, type UpdateProfileDto } from '@app/members';

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
];

/** Idempotent: creates missing demo members and refreshes the demo profiles; never touches other members. */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly accounts: AccountsService,
    private readonly members: MembersService,
  ) {}

  async seed(): Promise<{ created: number; updated: number }> {
    let created = 0;
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
    }
    return { created, updated: DEMO_MEMBERS.length - created };
  }
}
