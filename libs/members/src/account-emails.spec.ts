import { renderAccountEmail } from './account-emails';

describe('renderAccountEmail', () => {
  const link = 'https://salon.example/verify-email?token=abc_DEF-123';

  it('writes the verification mail in Japanese with the link in both parts, the name escaped', () => {
    const mail = renderAccountEmail({
      kind: 'verify-email',
      to: 'hanako@example.jp',
      displayName: '<b>花子</b>',
      locale: 'ja',
      link,
    });
    expect(mail.subject).toBe('メールアドレスの確認');
    expect(mail.to).toBe('hanako@example.jp');
    expect(mail.text).toContain(`メールアドレスを確認: ${link}`);
    expect(mail.text).toContain('48時間');
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain('&lt;b&gt;花子&lt;/b&gt; さん');
    expect(mail.html).not.toContain('<b>花子</b>');
    expect(mail.html).toContain('<html lang="ja">');
  });

  it('writes English for English members, and says when it confirms a change of address', () => {
    const mail = renderAccountEmail({
      kind: 'verify-email',
      to: 'ken@example.com',
      displayName: 'Ken',
      locale: 'en',
      link,
      change: true,
    });
    expect(mail.subject).toBe('Please confirm your email address');
    expect(mail.text).toMatch(/^Hi Ken,\n\nYou asked to use this address/);
    expect(mail.html).toContain('<html lang="en">');
  });

  it('tells the old address which address was asked for, and where to act if it was not the member', () => {
    const mail = renderAccountEmail({
      kind: 'email-change-notice',
      to: 'old@example.jp',
      displayName: '太郎',
      locale: 'ja',
      newEmail: 'new@example.jp',
      settingsLink: 'https://salon.example/settings/account',
    });
    expect(mail.subject).toBe('メールアドレス変更のお知らせ');
    expect(mail.text).toContain('new@example.jp に変更する手続き');
    expect(mail.text).toContain('すぐにパスワードを変更してください');
    expect(mail.text).toContain('https://salon.example/settings/account');
  });

  it('says how long a reset link works and that resetting signs out everywhere', () => {
    const resetLink = 'https://salon.example/reset-password?token=xyz';
    const mail = renderAccountEmail({
      kind: 'password-reset',
      to: 'hanako@example.jp',
      displayName: '花子',
      locale: 'ja',
      link: resetLink,
    });
    expect(mail.subject).toBe('パスワードの再設定');
    expect(mail.text).toContain(resetLink);
    expect(mail.text).toContain('有効期限は1時間');
    expect(mail.text).toContain('すべての端末でログアウト');
  });
});
