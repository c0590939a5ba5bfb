/**
 * Dependency-free helpers to write email bodies: escaping, an `html` tagged template, the shared
 * layout and date formatting in the reader's language and time zone.
 */

export type MailLocale = 'ja' | 'en';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Makes text safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/**
 * Markup that is already safe. Only `html` and `raw` make one, so a string written by a member can
 * never reach a body unescaped by accident (the private field makes the type nominal).
 */
export class SafeHtml {
  constructor(private readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

/** Trusts markup as it is: for HTML built by our own code, never for what members wrote. */
export function raw(markup: string | SafeHtml): SafeHtml {
  return markup instanceof SafeHtml ? markup : new SafeHtml(markup);
}

/**
 * What `html` takes. Objects are left out on purpose: a Date or an entity would print as
 * "[object Object]" or in the server's locale; format them first.
 */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

function interpolate(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(interpolate).join('');
  // `cond && html`…`` and optional fields leave nothing behind rather than "false" or "undefined".
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * Tagged template for markup: interpolated values are escaped, except `SafeHtml` (from `raw()` or a
 * nested `html`…``); arrays are joined, and null, undefined and false render as nothing.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, i) => {
    markup += interpolate(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(markup);
}

export interface LayoutOptions {
  locale: MailLocale;
  /** Plain text: the document title. */
  title: string;
  /** Plain text shown after the subject in inbox lists; hidden in the body. */
  preheader?: string;
  bodyHtml: SafeHtml;
  /** Extra footer markup, e.g. why the reader gets this mail and how to stop it. */
  footerHtml?: SafeHtml;
}

const BRAND = '#6b2d5c';
// Single quotes: the stack sits inside double-quoted style attributes.
const FONT_STACK =
  "-apple-system,BlinkMacSystemFont,'Hiragino Sans','Hiragino Kaku Gothic ProN','Noto Sans JP'," +
  "Meiryo,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif";
// Japanese reads better with more leading; long URLs must wrap instead of widening the mail on phones.
const TEXT_STYLE = raw(
  `font-family:${FONT_STACK};color:#222222;line-height:1.7;word-break:break-word;overflow-wrap:anywhere`,
);
const SITE_NAME: Record<MailLocale, string> = { ja: '塩尻サロン', en: 'Shiojiri Salon' };
const FOOTER_LINE: Record<MailLocale, string> = {
  ja: 'このメールは塩尻サロン（Shiojiri Salon）からお送りしています。',
  en: 'This email was sent by Shiojiri Salon (塩尻サロン).',
};
// Fills the inbox preview after the preheader so clients do not append the start of the body.
const PREHEADER_FILLER = '&#847;&zwnj;&nbsp;'.repeat(40);

/**
 * A complete HTML email around `bodyHtml`: a 600px-wide table layout that shrinks on phones, with
 * inline styles only, because Gmail and others strip or ignore `<style>` blocks.
 */
export function layout({ locale, title, preheader, bodyHtml, footerHtml }: LayoutOptions): string {
  const preheaderHtml = preheader
    ? html`<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all">
        ${preheader}${raw(PREHEADER_FILLER)}
      </div>`
    : '';
  const extraFooter = footerHtml ? html`<p style="margin:0 0 8px">${footerHtml}</p>` : '';
  const page = html`<!DOCTYPE html>
    <html lang="${locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="x-apple-disable-message-reformatting" />
        <meta name="color-scheme" content="light" />
        <title>${title}</title>
      </head>
      <body style="margin:0;padding:0;background-color:#f4f1ee;-webkit-text-size-adjust:100%">
        ${preheaderHtml}
        <table
          role="presentation"
          width="100%"
          cellpadding="0"
          cellspacing="0"
          border="0"
          style="width:100%;background-color:#f4f1ee"
        >
          <tr>
            <td align="center" style="padding:24px 12px">
              <table
                role="presentation"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                border="0"
                style="width:100%;max-width:600px;background-color:#ffffff;border-radius:8px;border-top:4px solid ${BRAND}"
              >
                <tr>
                  <td
                    style="padding:20px 24px 0;${TEXT_STYLE};font-size:14px;font-weight:bold;color:${BRAND}"
                  >
                    ${SITE_NAME[locale]}
                  </td>
                </tr>
                <tr>
                  <td style="padding:16px 24px 24px;${TEXT_STYLE};font-size:16px">${bodyHtml}</td>
                </tr>
              </table>
              <table
                role="presentation"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                border="0"
                style="width:100%;max-width:600px"
              >
                <tr>
                  <td style="padding:16px 24px;${TEXT_STYLE};font-size:12px;color:#6f6a66">
                    ${extraFooter}
                    <p style="margin:0">${FOOTER_LINE[locale]}</p>
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html> `;
  return page.toString();
}

/** The zone the platform lives in: times there are shown without a zone name. */
const HOME_TIME_ZONE = 'Asia/Tokyo';

interface LocalParts {
  year: string;
  month: string;
  day: string;
  weekday: string;
  hour: string;
  minute: string;
}

/**
 * Made once per locale and zone: building an Intl.DateTimeFormat costs far more than formatting with it
 * (a digest with four events built about 30, almost a third of the worker's time per digest). An unknown
 * zone throws in the constructor, so it is never stored: the maps are bounded by the IANA zones.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const zoneSuffixes = new Map<string, string>();

function localParts(date: Date, timeZone: string, locale: MailLocale): LocalParts {
  const key = `${locale}|${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    // en-US names (Sep, not en-GB's Sept); the order is assembled below so ICU updates cannot move it.
    format = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-US', {
      timeZone,
      year: 'numeric',
      month: locale === 'ja' ? 'numeric' : 'short',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      // h23 so midnight is 00:00 (hour12: false gives 24:00 in some ICU versions).
      hourCycle: 'h23',
    });
    formatters.set(key, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  return {
    year: parts.year ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    weekday: parts.weekday ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
  };
}

function dayText(p: LocalParts, locale: MailLocale): string {
  return locale === 'ja'
    ? `${p.year}年${p.month}月${p.day}日(${p.weekday})`
    : `${p.weekday}, ${p.day} ${p.month} ${p.year}`;
}

function timeText(p: LocalParts): string {
  return `${p.hour}:${p.minute}`;
}

function dateTimeText(p: LocalParts, locale: MailLocale): string {
  return locale === 'ja' ? `${dayText(p, locale)} ${timeText(p)}` : `${dayText(p, locale)}, ${timeText(p)}`;
}

/** ` (Europe/Berlin)` unless the zone is the platform's own; aliases such as `Japan` count as home. */
function zoneSuffix(timeZone: string): string {
  let suffix = zoneSuffixes.get(timeZone);
  if (suffix === undefined) {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
    suffix = canonical === HOME_TIME_ZONE ? '' : ` (${timeZone})`;
    zoneSuffixes.set(timeZone, suffix);
  }
  return suffix;
}

/**
 * `2026年12月5日(土) 19:00` / `Sat, 5 Dec 2026, 19:00` in `timeZone` (24-hour clock), followed by the
 * zone name when it is not Asia/Tokyo. Throws a RangeError for an unknown zone.
 */
export function formatDateTime(date: Date, timeZone: string, locale: MailLocale): string {
  return dateTimeText(localParts(date, timeZone, locale), locale) + zoneSuffix(timeZone);
}

/**
 * A start and end in `timeZone`: the end's date is left out when both fall on the same local day
 * (`2026年12月5日(土) 19:00〜21:00`, `Sat, 5 Dec 2026, 19:00–21:00`); the zone name comes once, at the end.
 */
export function formatDateRange(start: Date, end: Date, timeZone: string, locale: MailLocale): string {
  const from = localParts(start, timeZone, locale);
  const to = localParts(end, timeZone, locale);
  const sameDay = from.year === to.year && from.month === to.month && from.day === to.day;
  const separator = locale === 'ja' ? '〜' : sameDay ? '–' : ' – ';
  const endText = sameDay ? timeText(to) : dateTimeText(to, locale);
  return `${dateTimeText(from, locale)}${separator}${endText}${zoneSuffix(timeZone)}`;
}
