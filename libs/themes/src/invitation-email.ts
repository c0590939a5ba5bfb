import { html, layout, type OutgoingMail } from '@app/mail';

export interface InvitationMail {
  to: string;
  inviterName: string;
  theme: { title: string; titleEn: string | null } | null;
  message: string;
  link: string;
  expiresAt: Date;
}

function day(date: Date, locale: 'ja' | 'en'): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-US', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: locale === 'ja' ? 'numeric' : 'short',
    day: 'numeric',
  }).format(date);
}

/**
 * The invitation mail. The invitee has no account, so no language yet: Japanese first, then the same in
 * English. What the inviter wrote is escaped.
 */
export function renderInvitationEmail(mail: InvitationMail): OutgoingMail {
  const themeJa = mail.theme ? `「${mail.theme.title}」` : null;
  const themeEn = mail.theme ? `“${mail.theme.titleEn ?? mail.theme.title}”` : null;
  const subject = mail.theme
    ? `${mail.inviterName} さんから塩尻サロン${themeJa}への招待 / You're invited to ${themeEn} on Shiojiri Salon`
    : `${mail.inviterName} さんから塩尻サロンへの招待 / You're invited to Shiojiri Salon`;
  const leadJa = mail.theme
    ? `${mail.inviterName} さんから、塩尻サロンのテーマ${themeJa}への招待が届いています。`
    : `${mail.inviterName} さんから、塩尻サロンへの招待が届いています。`;
  const leadEn = mail.theme
    ? `${mail.inviterName} invites you to the theme ${themeEn} on Shiojiri Salon.`
    : `${mail.inviterName} invites you to Shiojiri Salon.`;
  const untilJa = `このリンクは ${day(mail.expiresAt, 'ja')} まで、一度だけ使えます。`;
  const untilEn = `The link works once, until ${day(mail.expiresAt, 'en')}.`;
  const button = (label: string) =>
    html`<p style="margin:16px 0">
      <a
        href="${mail.link}"
        style="display:inline-block;padding:10px 18px;background-color:#6b2d5c;color:#ffffff;border-radius:6px;text-decoration:none"
        >${label}</a
      >
    </p>`;
  // Line breaks as <br>: a pre-wrap block would also keep the template's own indentation.
  const noteLines = mail.message.split('\n').map((line, i) => (i === 0 ? line : [html`<br />`, line]));
  const note = mail.message
    ? html`<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #d9cfd6">
        ${noteLines}
      </blockquote>`
    : '';
  const bodyHtml = html`<p style="margin:0 0 12px">${leadJa}</p>
    ${note} ${button('登録して参加する')}
    <p style="margin:0 0 24px;font-size:14px;color:#6f6a66">${untilJa}</p>
    <hr style="border:none;border-top:1px solid #e6e0dc;margin:0 0 16px" />
    <p style="margin:0 0 12px" lang="en">${leadEn}</p>
    ${button('Register and join')}
    <p style="margin:0;font-size:14px;color:#6f6a66" lang="en">${untilEn}</p>`;
  const text = [
    leadJa,
    ...(mail.message ? ['', mail.message] : []),
    '',
    `登録して参加する: ${mail.link}`,
    untilJa,
    '',
    '---',
    '',
    leadEn,
    '',
    `Register and join: ${mail.link}`,
    untilEn,
  ].join('\n');
  return {
    to: mail.to,
    subject,
    html: layout({ locale: 'ja', title: subject, preheader: leadEn, bodyHtml }),
    text,
  };
}
