import { PublicLinks } from '@app/config';
import type { DigestContent } from './digest-content';
import { excerpt } from './digest-content';
import { periodLabel, renderDigestEmail } from './digest-email';

const from = new Date('2026-11-15T23:00:00Z'); // Mon 16 Nov 08:00 in Tokyo
const to = new Date('2026-11-22T23:00:00Z'); // Mon 23 Nov 08:00 in Tokyo

const content: DigestContent = {
  from,
  to,
  themes: [
    {
      id: 't1',
      slug: 'air',
      title: 'アーティスト・イン・レジデンス',
      titleEn: 'Artist in residence',
      messageCount: 12,
      hotThreads: [
        {
          messageId: 'm1',
          channelName: '全体',
          authorName: '田中 <admin>',
          excerpt: '漆器の工房を見学 & 相談 "ぜひ"',
          participants: 4,
          messages: 9,
        },
      ],
      newMembers: { names: ['佐藤', '鈴木'], total: 3 },
    },
  ],
  events: [
    {
      id: 'e1',
      title: '木曽平沢 見学会',
      startsAt: new Date('2026-11-28T01:00:00Z'),
      endsAt: new Date('2026-11-28T03:00:00Z'),
      format: 'onsite',
      venueName: '日々別荘',
      myRsvp: 'going',
    },
  ],
  mentions: { items: [], total: 0 },
};

const links = {
  pages: new PublicLinks({ PUBLIC_URL: 'https://salon.example' }),
  unsubscribe: 'https://salon.example/api/digests/unsubscribe?token=t',
};

describe('digest email', () => {
  it('names the covered days like a calendar week: the send day itself is the next period', () => {
    expect(periodLabel(from, to, 'Asia/Tokyo', 'ja')).toBe('11/16〜11/22');
    expect(periodLabel(from, to, 'Asia/Tokyo', 'en')).toBe('16–22 Nov');
    expect(
      periodLabel(new Date('2026-11-30T23:00:00Z'), new Date('2026-12-07T23:00:00Z'), 'Asia/Tokyo', 'en'),
    ).toBe('1–7 Dec');
    expect(
      periodLabel(new Date('2026-11-25T23:00:00Z'), new Date('2026-12-02T23:00:00Z'), 'Asia/Tokyo', 'en'),
    ).toBe('26 Nov – 2 Dec');
    // A daily digest covers one local day.
    expect(
      periodLabel(new Date('2026-12-02T23:00:00Z'), new Date('2026-12-03T23:00:00Z'), 'Asia/Tokyo', 'ja'),
    ).toBe('12/3');
  });

  it('writes a Japanese subject and body, escaping what members wrote', () => {
    const mail = renderDigestEmail(
      'weekly',
      content,
      { email: 'a@example.jp', displayName: '読者 <b>', locale: 'ja', timeZone: 'Asia/Tokyo' },
      links,
    );
    expect(mail.subject).toBe('塩尻サロン 週間ダイジェスト 11/16〜11/22');
    expect(mail.html).toContain('田中 &lt;admin&gt;');
    expect(mail.html).toContain('漆器の工房を見学 &amp; 相談 &quot;ぜひ&quot;');
    expect(mail.html).toContain('読者 &lt;b&gt;');
    expect(mail.html).not.toContain('<admin>');
    expect(mail.text).toContain('新しく参加した人: 佐藤、鈴木 ほか 1 名');
    expect(mail.text).toContain('2026年11月28日(土) 10:00〜12:00 [参加予定]');
    expect(mail.text).toContain('https://salon.example/messages/m1');
    expect(mail.headers).toEqual({
      'List-Unsubscribe': `<${links.unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('writes English with English theme titles and the reader’s zone', () => {
    const mail = renderDigestEmail(
      'weekly',
      content,
      { email: 'a@example.com', displayName: 'Alex', locale: 'en', timeZone: 'Europe/Berlin' },
      links,
    );
    expect(mail.subject).toBe('Shiojiri Salon weekly digest: 16–22 Nov');
    expect(mail.text).toContain('Artist in residence');
    expect(mail.text).toContain('Sat, 28 Nov 2026, 02:00–04:00 (Europe/Berlin) [Going]');
    expect(mail.text).toContain('New here: 佐藤, 鈴木 and 1 more');
  });

  it('cuts excerpts by characters, not UTF-16 units, on one line', () => {
    expect(excerpt('一行目\n\n二行目')).toBe('一行目 二行目');
    const long = '🍷'.repeat(130);
    expect(excerpt(long)).toBe(`${'🍷'.repeat(120)}…`);
  });
});
