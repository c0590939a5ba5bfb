import { renderInvitationEmail } from './invitation-email';
import { invitationState } from './invitations.service';
import type { InvitationRow } from './invitations.repository';

const base = {
  to: 'friend@example.jp',
  inviterName: '山田 めぐみ',
  link: 'https://salon.example/register?invite=abc',
  expiresAt: new Date('2026-12-19T00:00:00Z'),
};

describe('renderInvitationEmail', () => {
  it('writes Japanese first, then English, with the link in both and the theme named', () => {
    const mail = renderInvitationEmail({
      ...base,
      theme: { title: '木曽漆器', titleEn: 'Kiso lacquerware' },
      message: '',
    });
    expect(mail.subject).toContain('山田 めぐみ');
    expect(mail.subject).toContain('「木曽漆器」');
    expect(mail.subject).toContain('Kiso lacquerware');
    expect(mail.text.indexOf('招待が届いています')).toBeLessThan(mail.text.indexOf('invites you'));
    expect(mail.text.split(base.link)).toHaveLength(3);
    expect(mail.html).toContain(`href="${base.link}"`);
  });

  it("escapes the inviter's note and keeps its line breaks", () => {
    const mail = renderInvitationEmail({ ...base, theme: null, message: '<script>x</script>\n二行目' });
    expect(mail.html).toContain('&lt;script&gt;x&lt;/script&gt;<br />二行目');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('<script>x</script>\n二行目');
  });
});

describe('invitationState', () => {
  const row = (changes: Partial<InvitationRow>): InvitationRow => ({
    id: 'i',
    email: 'a@example.jp',
    themeId: null,
    message: '',
    invitedBy: 'm',
    createdAt: new Date('2026-12-01T00:00:00Z'),
    expiresAt: new Date('2026-12-15T00:00:00Z'),
    acceptedAt: null,
    acceptedBy: null,
    revokedAt: null,
    ...changes,
  });
  const now = new Date('2026-12-10T00:00:00Z');

  it('is pending until it expires, then expired', () => {
    expect(invitationState(row({}), now)).toBe('pending');
    expect(invitationState(row({ expiresAt: now }), now)).toBe('expired');
  });

  it('is accepted or revoked for good, expiry or not', () => {
    const late = new Date('2027-01-01T00:00:00Z');
    expect(invitationState(row({ acceptedAt: now }), late)).toBe('accepted');
    expect(invitationState(row({ revokedAt: now }), late)).toBe('revoked');
  });
});
