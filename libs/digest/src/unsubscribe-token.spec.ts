import { signMailLinkToken, verifyMailLinkToken } from './unsubscribe-token';

const secret = 'a-test-secret-that-is-long-enough-123456';
const member = '3f1c2a4e-8b7d-4c1e-9a2b-5d6e7f8a9b0c';

describe('mail link tokens', () => {
  it('verifies its own token and names the member', () => {
    const token = signMailLinkToken(secret, 'digest-unsubscribe', member);
    expect(verifyMailLinkToken(secret, 'digest-unsubscribe', token)).toBe(member);
  });

  it.each([
    [
      'another member id with the same MAC',
      (t: string) => t.replace(member, '3f1c2a4e-8b7d-4c1e-9a2b-5d6e7f8a9b0d'),
    ],
    ['a truncated MAC', (t: string) => t.slice(0, -3)],
    ['a flipped MAC character', (t: string) => t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A')],
    ['no MAC', () => member],
    ['extra parts', (t: string) => `${t}.x`],
    ['garbage', () => 'not-a-token'],
  ])('refuses %s', (_name, tamper) => {
    const token = tamper(signMailLinkToken(secret, 'digest-unsubscribe', member));
    expect(verifyMailLinkToken(secret, 'digest-unsubscribe', token)).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    const token = signMailLinkToken(`${secret}-other`, 'digest-unsubscribe', member);
    expect(verifyMailLinkToken(secret, 'digest-unsubscribe', token)).toBeNull();
  });
});
