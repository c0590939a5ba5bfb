import { formatDateRange, html, layout, type OutgoingMail } from '@app/mail';
import type { EventEntity } from './event.entity';

export type EmailLocale = 'ja' | 'en';
export type EventEmailKind = 'reminder-24h' | 'reminder-1h' | 'waitlist-promoted' | 'event-cancelled';

export interface Recipient {
  email: string;
  displayName: string;
  locale: EmailLocale;
  timeZone: string;
}

const SUBJECT: Record<EventEmailKind, Record<EmailLocale, (title: string) => string>> = {
  'reminder-24h': { ja: (t) => `【明日】${t}`, en: (t) => `Tomorrow: ${t}` },
  'reminder-1h': { ja: (t) => `【まもなく開始】${t}`, en: (t) => `Starting in an hour: ${t}` },
  'waitlist-promoted': { ja: (t) => `参加が確定しました：${t}`, en: (t) => `You have a seat: ${t}` },
  'event-cancelled': { ja: (t) => `【中止】${t}`, en: (t) => `Cancelled: ${t}` },
};

const LEAD: Record<EventEmailKind, Record<EmailLocale, string>> = {
  'reminder-24h': { ja: '明日のイベントのお知らせです。', en: 'A reminder: this event is tomorrow.' },
  'reminder-1h': { ja: 'まもなくイベントが始まります。', en: 'This event starts in about an hour.' },
  'waitlist-promoted': {
    ja: 'キャンセル待ちから参加が確定しました。お会いできるのを楽しみにしています。',
    en: 'A seat opened up and it is yours now. See you there!',
  },
  'event-cancelled': {
    ja: '申し訳ありません。このイベントは中止になりました。',
    en: 'We are sorry: this event has been cancelled.',
  },
};

const LABELS: Record<
  EmailLocale,
  { when: string; where: string; join: string; details: string; online: string }
> = {
  ja: { when: '日時', where: '場所', join: '参加URL', details: 'イベントの詳細', online: 'オンライン' },
  en: { when: 'When', where: 'Where', join: 'Join', details: 'Event details', online: 'Online' },
};

/**
 * One email about an event, in the member's language and time zone. Everything organisers wrote is
 * escaped; the join URL is included only in mails to members who are going.
 */
export function renderEventEmail(
  kind: EventEmailKind,
  event: EventEntity,
  to: Recipient,
  eventUrl: string,
): OutgoingMail {
  const l = LABELS[to.locale];
  const when = formatDateRange(event.startsAt, event.endsAt, to.timeZone, to.locale);
  const where = [event.format !== 'onsite' ? l.online : null, event.venueName, event.venueAddress]
    .filter(Boolean)
    .join(' / ');
  const joinUrl = kind === 'event-cancelled' ? null : event.joinUrl;
  const subject = SUBJECT[kind][to.locale](event.title);
  const greeting = to.locale === 'ja' ? `${to.displayName} さん` : `Hi ${to.displayName},`;

  const bodyHtml = html` <p style="margin:0 0 12px">${greeting}</p>
    <p style="margin:0 0 16px">${LEAD[kind][to.locale]}</p>
    <h2 style="margin:0 0 12px;font-size:18px">${event.title}</h2>
    <p style="margin:0 0 4px"><strong>${l.when}:</strong> ${when}</p>
    ${where ? html`<p style="margin:0 0 4px"><strong>${l.where}:</strong> ${where}</p>` : ''}
    ${joinUrl ? html`<p style="margin:0 0 4px"><strong>${l.join}:</strong> <a href="${joinUrl}">${joinUrl}</a></p>` : ''}
    <p style="margin:16px 0 0"><a href="${eventUrl}" style="color:#6b2d5c">${l.details}</a></p>`;
  const text = [
    greeting,
    '',
    LEAD[kind][to.locale],
    '',
    event.title,
    `${l.when}: ${when}`,
    ...(where ? [`${l.where}: ${where}`] : []),
    ...(joinUrl ? [`${l.join}: ${joinUrl}`] : []),
    '',
    `${l.details}: ${eventUrl}`,
  ].join('\n');
  return {
    to: to.email,
    subject,
    html: layout({ locale: to.locale, title: subject, preheader: when, bodyHtml }),
    text,
  };
}
