import { CLICK_COUNTED_DAYS, isOwnPath, signDigestClick, verifyDigestClick } from './digest-click-token';

const SECRET = 'unit-test-secret-0123456789-abcdefghijklmnop';
const MEMBER = '6f1c2a52-2b8e-4c55-9a51-3d1f0e8b7c11';
const issuedAt = new Date('2026-11-23T23:00:00.000Z');
const click = {
  memberId: MEMBER,
  period: '2026-W48',
  path: '/messages/0b7d2a52-2b8e-4c55-9a51-3d1f0e8b7c11',
  issuedAt,
};
const DAY = 24 * 3600_000;

describe('digest click tokens', () => {
  it('verifies what it signed: member, period and path', () => {
    const token = signDigestClick(SECRET, click);
    const verified = verifyDigestClick(SECRET, token, new Date(issuedAt.getTime() + DAY));
    expect(verified).toEqual({
      kind: 'counted',
      click: {
        memberId: MEMBER,
        period: '2026-W48',
        path: click.path,
        issuedAt: new Date('2026-11-23T00:00:00Z'),
      },
    });
  });

  it('keeps a path with a query and Japanese in it', () => {
    const path = `/themes/${encodeURIComponent('漆器')}?tab=events`;
    const token = signDigestClick(SECRET, { ...click, path, period: '2026-11-23' });
    expect(verifyDigestClick(SECRET, token, issuedAt)).toMatchObject({ kind: 'counted', click: { path } });
  });

  it('refuses a token whose member, period, path or signature was changed, or another secret', () => {
    const token = signDigestClick(SECRET, click);
    const [member, period, day, path, mac] = token.split('.');
    const otherMember = '7f1c2a52-2b8e-4c55-9a51-3d1f0e8b7c11';
    const evilPath = Buffer.from('/admin/kpis').toString('base64url');
    const flipped = `${mac.slice(0, -2)}${mac.endsWith('AA') ? 'AB' : 'AA'}`;
    for (const tampered of [
      [otherMember, period, day, path, mac],
      [member, '2026-W47', day, path, mac],
      [member, period, (parseInt(day, 36) + 400).toString(36), path, mac],
      [member, period, day, evilPath, mac],
      [member, period, day, path, flipped],
    ]) {
      expect(verifyDigestClick(SECRET, tampered.join('.'), issuedAt)).toEqual({ kind: 'invalid' });
    }
    expect(verifyDigestClick(`${SECRET}x`, token, issuedAt)).toEqual({ kind: 'invalid' });
  });

  it.each([undefined, '', 'abc', ['a', 'b'], 'a.b.c.d.e', `${'x'.repeat(3000)}`])('refuses %p', (token) => {
    expect(verifyDigestClick(SECRET, token, issuedAt)).toEqual({ kind: 'invalid' });
  });

  it('still leads an old link to its page, but counts it no more after CLICK_COUNTED_DAYS', () => {
    const token = signDigestClick(SECRET, click);
    const counted = new Date(issuedAt.getTime() + CLICK_COUNTED_DAYS * DAY);
    const expired = new Date(issuedAt.getTime() + (CLICK_COUNTED_DAYS + 2) * DAY);
    expect(verifyDigestClick(SECRET, token, counted).kind).toBe('counted');
    expect(verifyDigestClick(SECRET, token, expired)).toMatchObject({
      kind: 'expired',
      click: { path: click.path },
    });
  });

  it.each([
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    'evil.example',
    '@evil.example',
    '/ok\nLocation: https://evil.example',
    '/with space',
    '',
  ])('never signs nor accepts the target %p (no open redirect)', (path) => {
    expect(isOwnPath(path)).toBe(false);
    expect(() => signDigestClick(SECRET, { ...click, path })).toThrow();
    // Even correctly signed by someone holding the secret, the verifier refuses it.
    const forged = [MEMBER, '2026-W48', '0', Buffer.from(path).toString('base64url'), 'AAAA'].join('.');
    expect(verifyDigestClick(SECRET, forged, issuedAt)).toEqual({ kind: 'invalid' });
  });

  it('accepts the paths the digest links to', () => {
    for (const path of ['/', '/messages/1', '/themes/kiso', '/events/1', '/themes/%E6%BC%86']) {
      expect(isOwnPath(path)).toBe(true);
    }
  });
});
