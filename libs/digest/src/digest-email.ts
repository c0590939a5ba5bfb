import { formatDateRange, html, layout, type MailLocale, type OutgoingMail, type SafeHtml } from '@app/mail';
import { wallClock } from '@app/common';
import type { PublicLinks } from '@app/config';
import type { RsvpStatus } from '@app/events';
import type { DigestFrequency } from '@app/queue';
import type { DigestContent } from './digest-content';

export interface DigestRecipient {
  email: string;
  displayName: string;
  locale: MailLocale;
  timeZone: string;
}

export interface DigestLinks {
  /** The platform's pages under PUBLIC_URL (for a sent digest, through the click redirect: digest-links.ts). */
  pages: Pick<PublicLinks, 'message' | 'theme' | 'event'>;
  /** The signed one-click unsubscribe URL (GET shows choices, POST unsubscribes). */
  unsubscribe: string;
}

const RSVP_LABEL: Record<MailLocale, Record<RsvpStatus | 'none', string>> = {
  ja: {
    going: '参加予定',
    waitlisted: 'キャンセル待ち',
    interested: '興味あり',
    not_going: '不参加',
    none: '未回答',
  },
  en: {
    going: 'Going',
    waitlisted: 'Waitlisted',
    interested: 'Interested',
    not_going: 'Not going',
    none: 'No reply yet',
  },
};

const TEXT = {
  ja: {
    name: { weekly: '週間ダイジェスト', daily: 'デイリーダイジェスト' },
    greeting: (name: string) => `${name} さん、こんにちは。`,
    intro: {
      weekly: '今週の塩尻サロンの動きをお届けします。',
      daily: '昨日からの塩尻サロンの動きをお届けします。',
    },
    mentions: (n: number) => `あなたへのメンション（未読 ${n} 件）`,
    themes: 'フォロー中のテーマ',
    messages: (n: number) => `${n} 件の投稿`,
    thread: (people: number, messages: number) => `${people} 人・${messages} 件`,
    newMembers: (names: string[], total: number) =>
      `新しく参加した人: ${names.join('、')}${total > names.length ? ` ほか ${total - names.length} 名` : ''}`,
    events: '2週間以内のイベント',
    open: '開く',
    why: 'フォロー中のテーマのまとめとしてお送りしています。',
    settings: '配信設定を変更',
    unsubscribe: '配信停止',
  },
  en: {
    name: { weekly: 'weekly digest', daily: 'daily digest' },
    greeting: (name: string) => `Hi ${name},`,
    intro: {
      weekly: 'Here is what happened in the salon this week.',
      daily: 'Here is what happened in the salon since yesterday.',
    },
    mentions: (n: number) => `You were mentioned (${n} unread)`,
    themes: 'Themes you follow',
    messages: (n: number) => `${n} ${n === 1 ? 'message' : 'messages'}`,
    thread: (people: number, messages: number) =>
      `${people} ${people === 1 ? 'person' : 'people'}, ${messages} ${messages === 1 ? 'message' : 'messages'}`,
    newMembers: (names: string[], total: number) =>
      `New here: ${names.join(', ')}${total > names.length ? ` and ${total - names.length} more` : ''}`,
    events: 'Events in the next two weeks',
    open: 'Open',
    why: 'You get this summary because you follow these themes.',
    settings: 'Change how often',
    unsubscribe: 'Unsubscribe',
  },
} as const;

const MONTH_FORMAT = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short' });

/**
 * Dates as text for a run's mails: the period and the same few events recur for every member of a zone
 * and language, and Intl formatting is a good part of rendering a digest.
 */
const datesText = new Map<string, string>();

function memoDates(key: string, format: () => string): string {
  let text = datesText.get(key);
  if (text === undefined) {
    if (datesText.size >= 5000) datesText.clear();
    text = format();
    datesText.set(key, text);
  }
  return text;
}

/** The local calendar date of an instant, as a UTC midnight (so dates can be compared and stepped). */
function localDate(instant: Date, timeZone: string): Date {
  const { year, month, day } = wallClock(instant, timeZone);
  return new Date(Date.UTC(year, month - 1, day));
}

/**
 * `11/16〜11/22` or `16–22 Nov`: the days the digest covers, named like a calendar week. A period ends
 * at the send time (Monday 08:00), so its last day is the day before the send day.
 */
export function periodLabel(from: Date, to: Date, timeZone: string, locale: MailLocale): string {
  const first = localDate(from, timeZone);
  const dayBeforeSend = new Date(localDate(to, timeZone).getTime() - 24 * 3600_000);
  const last = dayBeforeSend > first ? dayBeforeSend : first;
  const md = (date: Date) => ({ month: date.getUTCMonth() + 1, day: date.getUTCDate() });
  const a = md(first);
  const b = md(last);
  const same = first.getTime() === last.getTime();
  if (locale === 'ja') return same ? `${b.month}/${b.day}` : `${a.month}/${a.day}〜${b.month}/${b.day}`;
  const month = (date: Date) => MONTH_FORMAT.format(date);
  if (same) return `${b.day} ${month(last)}`;
  return a.month === b.month
    ? `${a.day}–${b.day} ${month(last)}`
    : `${a.day} ${month(first)} – ${b.day} ${month(last)}`;
}

function memoPeriodLabel(from: Date, to: Date, timeZone: string, locale: MailLocale): string {
  return memoDates(`period|${from.getTime()}|${to.getTime()}|${timeZone}|${locale}`, () =>
    periodLabel(from, to, timeZone, locale),
  );
}

export function digestSubject(
  frequency: DigestFrequency,
  content: DigestContent,
  to: DigestRecipient,
): string {
  const dates = memoPeriodLabel(content.from, content.to, to.timeZone, to.locale);
  return to.locale === 'ja'
    ? `塩尻サロン ${TEXT.ja.name[frequency]} ${dates}`
    : `Shiojiri Salon ${TEXT.en.name[frequency]}: ${dates}`;
}

const H2 = 'margin:24px 0 8px;font-size:17px';
const LINK = 'color:#6b2d5c';
const MUTED = 'color:#6f6a66;font-size:13px';

/**
 * The digest as an email: HTML with inline styles (one column, readable on a phone) and plain text,
 * in the member's language and time zone. Everything members wrote goes through `html` escaping.
 * `List-Unsubscribe` + `List-Unsubscribe-Post` make it one-click (RFC 8058).
 */
export function renderDigestEmail(
  frequency: DigestFrequency,
  content: DigestContent,
  to: DigestRecipient,
  links: DigestLinks,
): OutgoingMail {
  const t = TEXT[to.locale];
  const subject = digestSubject(frequency, content, to);
  const messageUrl = (id: string) => links.pages.message(id);
  const themeTitle = (theme: { title: string; titleEn: string | null }) =>
    to.locale === 'en' && theme.titleEn ? theme.titleEn : theme.title;
  const when = (start: Date, end: Date) =>
    memoDates(`range|${start.getTime()}|${end.getTime()}|${to.timeZone}|${to.locale}`, () =>
      formatDateRange(start, end, to.timeZone, to.locale),
    );
  const text: string[] = [t.greeting(to.displayName), t.intro[frequency], ''];
  const sections: SafeHtml[] = [];

  if (content.mentions.total) {
    text.push(`■ ${t.mentions(content.mentions.total)}`);
    for (const m of content.mentions.items) {
      text.push(
        `- ${m.authorName ?? '—'} (${m.themeTitle} #${m.channelName}): ${m.excerpt}`,
        `  ${messageUrl(m.messageId)}`,
      );
    }
    text.push('');
    sections.push(
      html`<h2 style="${H2}">${t.mentions(content.mentions.total)}</h2>
        ${content.mentions.items.map(
          (m) =>
            html`<p style="margin:0 0 10px">
              <strong>${m.authorName ?? '—'}</strong>
              <span style="${MUTED}">${m.themeTitle} #${m.channelName}</span><br />
              ${m.excerpt} <a href="${messageUrl(m.messageId)}" style="${LINK}">${t.open}</a>
            </p>`,
        )}`,
    );
  }

  if (content.themes.length) {
    text.push(`■ ${t.themes}`);
    const blocks = content.themes.map((theme) => {
      const title = themeTitle(theme);
      const url = links.pages.theme(theme.slug);
      text.push(`◆ ${title} — ${t.messages(theme.messageCount)}`, `  ${url}`);
      for (const thread of theme.hotThreads) {
        text.push(
          `  - ${thread.authorName ?? '—'} #${thread.channelName} (${t.thread(thread.participants, thread.messages)}): ${thread.excerpt}`,
          `    ${messageUrl(thread.messageId)}`,
        );
      }
      if (theme.newMembers.total)
        text.push(`  ${t.newMembers(theme.newMembers.names, theme.newMembers.total)}`);
      return html`<div style="margin:0 0 16px;padding:12px 14px;border:1px solid #e6e0da;border-radius:6px">
        <p style="margin:0 0 6px;font-weight:bold">
          <a href="${url}" style="${LINK}">${title}</a>
          <span style="${MUTED};font-weight:normal">${t.messages(theme.messageCount)}</span>
        </p>
        ${theme.hotThreads.map(
          (thread) =>
            html`<p style="margin:0 0 8px">
              <span style="${MUTED}"
                >${thread.authorName ?? '—'} #${thread.channelName} ·
                ${t.thread(thread.participants, thread.messages)}</span
              ><br />
              ${thread.excerpt} <a href="${messageUrl(thread.messageId)}" style="${LINK}">${t.open}</a>
            </p>`,
        )}
        ${theme.newMembers.total ? html`<p style="margin:0;${MUTED}">${t.newMembers(theme.newMembers.names, theme.newMembers.total)}</p>` : ''}
      </div>`;
    });
    text.push('');
    sections.push(
      html`<h2 style="${H2}">${t.themes}</h2>
        ${blocks}`,
    );
  }

  if (content.events.length) {
    text.push(`■ ${t.events}`);
    const items = content.events.map((event) => {
      const url = links.pages.event(event.id);
      const rsvp = RSVP_LABEL[to.locale][event.myRsvp ?? 'none'];
      text.push(`- ${event.title}`, `  ${when(event.startsAt, event.endsAt)} [${rsvp}]`, `  ${url}`);
      return html`<p style="margin:0 0 10px">
        <a href="${url}" style="${LINK};font-weight:bold">${event.title}</a><br />
        <span style="${MUTED}"
          >${when(event.startsAt, event.endsAt)}${event.venueName ? ` · ${event.venueName}` : ''}</span
        >
        <span
          style="display:inline-block;margin-left:6px;padding:0 6px;border-radius:4px;background:#f4f1ee;font-size:12px"
          >${rsvp}</span
        >
      </p>`;
    });
    text.push('');
    sections.push(
      html`<h2 style="${H2}">${t.events}</h2>
        ${items}`,
    );
  }

  const settingsUrl = links.unsubscribe;
  text.push('--', t.why, `${t.settings} / ${t.unsubscribe}: ${settingsUrl}`);
  const bodyHtml = html`<p style="margin:0 0 4px">${t.greeting(to.displayName)}</p>
    <p style="margin:0 0 8px">${t.intro[frequency]}</p>
    ${sections}`;
  const footerHtml = html`${t.why}<br /><a href="${settingsUrl}" style="color:#6f6a66">${t.settings}</a> ·
    <a href="${settingsUrl}" style="color:#6f6a66">${t.unsubscribe}</a>`;
  return {
    to: to.email,
    subject,
    html: layout({
      locale: to.locale,
      title: subject,
      preheader: memoPeriodLabel(content.from, content.to, to.timeZone, to.locale),
      bodyHtml,
      footerHtml,
    }),
    text: text.join('\n'),
    headers: {
      'List-Unsubscribe': `<${links.unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
