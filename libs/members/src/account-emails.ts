import { html, layout, type MailLocale, type OutgoingMail } from '@app/mail';

export type AccountEmailKind = 'verify-email' | 'email-change-notice' | 'password-reset';

export interface AccountMailContent {
  kind: AccountEmailKind;
  to: string;
  displayName: string;
  locale: MailLocale;
  /** verify-email and password-reset: the page the button opens. */
  link?: string;
  /** verify-email: true when it confirms a change of address rather than the first one. */
  change?: boolean;
  /** email-change-notice: the address asked for. */
  newEmail?: string;
  /** email-change-notice: where to change the password if it was not the member. */
  settingsLink?: string;
}

const TEXT = {
  ja: {
    greeting: (name: string) => `${name} さん`,
    'verify-email': {
      subject: 'メールアドレスの確認',
      lead: '塩尻サロンへようこそ。下のボタンからメールアドレスを確認してください。確認が済むと、ダイジェストやイベントのお知らせをこのアドレスにお送りします。',
      leadChange:
        'このアドレスへの変更を受け付けました。下のボタンから確認すると、このアドレスが塩尻サロンのログインとお知らせに使われます。',
      button: 'メールアドレスを確認',
      expiry: 'このリンクの有効期限は48時間で、一度だけ使えます。',
      ignore: '心当たりがない場合は、このメールを無視してください。',
    },
    'email-change-notice': {
      subject: 'メールアドレス変更のお知らせ',
      lead: (to: string) =>
        `あなたの塩尻サロンのアカウントで、メールアドレスを ${to} に変更する手続きが行われました。新しいアドレスで確認が済むまでは、このアドレスが使われます。`,
      notMe: '心当たりがない場合は、すぐにパスワードを変更してください。',
      button: 'アカウント設定を開く',
    },
    'password-reset': {
      subject: 'パスワードの再設定',
      lead: 'パスワード再設定のご依頼を受け付けました。下のボタンから新しいパスワードを設定してください。',
      button: '新しいパスワードを設定',
      expiry:
        'このリンクの有効期限は1時間で、一度だけ使えます。再設定すると、すべての端末でログアウトします。',
      ignore: '心当たりがない場合は、このメールを無視してください。パスワードは変わりません。',
    },
  },
  en: {
    greeting: (name: string) => `Hi ${name},`,
    'verify-email': {
      subject: 'Please confirm your email address',
      lead: 'Welcome to Shiojiri Salon. Please confirm your email address with the button below; once it is confirmed, digests and event news go to this address.',
      leadChange:
        'You asked to use this address for Shiojiri Salon. Confirm it with the button below and it becomes the address you sign in with and get news at.',
      button: 'Confirm my email address',
      expiry: 'This link works once, for 48 hours.',
      ignore: 'If this was not you, you can ignore this mail.',
    },
    'email-change-notice': {
      subject: 'Your email address is being changed',
      lead: (to: string) =>
        `Someone signed in to your Shiojiri Salon account asked to change its email address to ${to}. This address stays in use until the new one is confirmed.`,
      notMe: 'If this was not you, change your password now.',
      button: 'Open account settings',
    },
    'password-reset': {
      subject: 'Reset your password',
      lead: 'We received a request to reset your password. Choose a new one with the button below.',
      button: 'Choose a new password',
      expiry: 'This link works once, for one hour. Resetting signs you out on every device.',
      ignore: 'If this was not you, ignore this mail: your password stays as it is.',
    },
  },
} as const;

const BUTTON =
  'display:inline-block;padding:12px 20px;background:#6b2d5c;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:bold';

function paragraphs(lines: string[]) {
  return lines.map((line) => html`<p style="margin:0 0 12px">${line}</p>`);
}

/** One account mail in the member's language; links are the web client's pages. */
export function renderAccountEmail(content: AccountMailContent): OutgoingMail {
  const t = TEXT[content.locale];
  const greeting = t.greeting(content.displayName);
  let subject: string;
  let lines: string[];
  let after: string[] = [];
  let button: { label: string; href: string } | null = null;
  switch (content.kind) {
    case 'verify-email': {
      const v = t['verify-email'];
      subject = v.subject;
      lines = [content.change ? v.leadChange : v.lead];
      button = { label: v.button, href: content.link ?? '' };
      after = [v.expiry, v.ignore];
      break;
    }
    case 'email-change-notice': {
      const n = t['email-change-notice'];
      subject = n.subject;
      lines = [n.lead(content.newEmail ?? ''), n.notMe];
      button = content.settingsLink ? { label: n.button, href: content.settingsLink } : null;
      break;
    }
    case 'password-reset': {
      const r = t['password-reset'];
      subject = r.subject;
      lines = [r.lead];
      button = { label: r.button, href: content.link ?? '' };
      after = [r.expiry, r.ignore];
      break;
    }
  }
  const bodyHtml = html`${paragraphs([greeting, ...lines])}
  ${
    button
      ? html`<p style="margin:20px 0"><a href="${button.href}" style="${BUTTON}">${button.label}</a></p>
          <p style="margin:0 0 12px;font-size:13px;color:#6f6a66;word-break:break-all">${button.href}</p>`
      : ''
  }
  ${paragraphs(after)}`;
  const text = [
    greeting,
    '',
    ...lines,
    ...(button ? ['', `${button.label}: ${button.href}`] : []),
    ...(after.length ? ['', ...after] : []),
  ].join('\n');
  return {
    to: content.to,
    subject,
    html: layout({ locale: content.locale, title: subject, preheader: lines[0], bodyHtml }),
    text,
  };
}
