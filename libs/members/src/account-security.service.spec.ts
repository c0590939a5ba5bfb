import { QueryFailedError } from 'typeorm';
import type { PasswordHasher, SessionRevokedReason, SessionService } from '@app/auth';
import { DomainEvents } from '@app/common';
import { loadConfig } from '@app/config';
import type { RateLimiter } from '@app/redis';
import { EmailChangeRequested, PasswordResetRequested } from './account.events';
import { AccountSecurityService } from './account-security.service';
import { hashAccountToken } from './account-token';
import type { AccountTokensRepository, ConsumedToken } from './account-tokens.repository';
import type { MemberEntity } from './member.entity';
import type { MembersRepository } from './members.repository';

/** The rules of AccountSecurityService against typed fakes of what it calls (no I/O). */
function setup(member: Partial<MemberEntity> = {}) {
  const stored: MemberEntity = {
    id: 'm-1',
    email: 'hanako@example.jp',
    passwordHash: 'hash:right-password',
    emailVerifiedAt: new Date(),
    pendingEmail: null,
    ...member,
  } as MemberEntity;
  const ended: { memberId: string; reason: SessionRevokedReason; keep: string | null }[] = [];
  const released: string[] = [];
  let consumed: ConsumedToken | null = null;
  let confirm: () => Promise<boolean> = () => Promise.resolve(true);
  let resetAllowed = true;
  const taken = new Set<string>(['taken@example.jp']);

  const members: Pick<
    MembersRepository,
    | 'findById'
    | 'findByIdWithPassword'
    | 'existsByEmail'
    | 'setPassword'
    | 'setPendingEmail'
    | 'confirmEmail'
    | 'resetPassword'
  > = {
    findById: () => Promise.resolve(stored),
    findByIdWithPassword: () => Promise.resolve(stored),
    existsByEmail: (email) => Promise.resolve(taken.has(email)),
    setPassword: (_id, hash) => {
      stored.passwordHash = hash;
      return Promise.resolve();
    },
    setPendingEmail: (_id, email) => {
      stored.pendingEmail = email;
      return Promise.resolve();
    },
    confirmEmail: () => confirm(),
    resetPassword: () => Promise.resolve(resetAllowed),
  };
  const tokens: Pick<AccountTokensRepository, 'consume' | 'release'> = {
    consume: () => Promise.resolve(consumed),
    release: (hash) => {
      released.push(hash);
      return Promise.resolve();
    },
  };
  const passwords: Pick<PasswordHasher, 'hash' | 'verify'> = {
    hash: (password) => Promise.resolve(`hash:${password}`),
    verify: (hash, password) => Promise.resolve(hash === `hash:${password}`),
  };
  const sessions: Pick<SessionService, 'endAll' | 'liveOf' | 'endOwn'> = {
    endAll: (memberId, reason, keep = null) => {
      ended.push({ memberId, reason, keep });
      return Promise.resolve(1);
    },
    liveOf: () => Promise.resolve([]),
    endOwn: () => Promise.resolve(false),
  };
  const limiter: Pick<RateLimiter, 'consume' | 'assertAvailable'> = {
    consume: () => Promise.resolve(),
    assertAvailable: () => Promise.resolve(),
  };
  const events = new DomainEvents();
  const published: object[] = [];
  events.on(EmailChangeRequested, (event) => void published.push(event));
  events.on(PasswordResetRequested, (event) => void published.push(event));
  const service = new AccountSecurityService(
    members as MembersRepository,
    tokens as AccountTokensRepository,
    passwords as PasswordHasher,
    sessions as SessionService,
    limiter as RateLimiter,
    events,
    loadConfig({}),
  );
  return {
    service,
    stored,
    ended,
    released,
    published,
    consumes: (token: ConsumedToken | null) => (consumed = token),
    confirms: (answer: () => Promise<boolean>) => (confirm = answer),
    refusesReset: () => (resetAllowed = false),
  };
}

const used = (email = 'hanako@example.jp'): ConsumedToken => ({
  memberId: 'm-1',
  email,
  createdAt: new Date(),
});

describe('AccountSecurityService', () => {
  it('ends the other sessions on a password change and keeps the caller’s', async () => {
    const { service, ended, stored } = setup();
    await service.changePassword(
      { id: 'm-1', role: 'member', sessionId: 's-here' },
      'right-password',
      'new-one-1',
    );
    expect(stored.passwordHash).toBe('hash:new-one-1');
    expect(ended).toEqual([{ memberId: 'm-1', reason: 'password_changed', keep: 's-here' }]);
  });

  it('refuses a wrong current password, naming the field, and changes nothing', async () => {
    const { service, ended, stored } = setup();
    await expect(
      service.changePassword({ id: 'm-1', role: 'member' }, 'wrong', 'new-one-1'),
    ).rejects.toMatchObject({
      code: 'PASSWORD_INCORRECT',
      status: 403,
      details: { fields: [expect.objectContaining({ field: 'currentPassword' })] },
    });
    expect(stored.passwordHash).toBe('hash:right-password');
    expect(ended).toEqual([]);
  });

  it('ends every session after a reset, and refuses a link the members table refuses', async () => {
    const first = setup();
    first.consumes(used());
    await first.service.resetPassword('token', 'new-password');
    expect(first.ended).toEqual([{ memberId: 'm-1', reason: 'password_reset', keep: null }]);

    const second = setup();
    second.consumes(used());
    second.refusesReset();
    await expect(second.service.resetPassword('token', 'new-password')).rejects.toMatchObject({
      code: 'INVALID_LINK_TOKEN',
    });
    expect(second.ended).toEqual([]);

    const unknown = setup();
    await expect(unknown.service.resetPassword('token', 'new-password')).rejects.toMatchObject({
      code: 'INVALID_LINK_TOKEN',
    });
  });

  it('asks for a reset the same way for any address', async () => {
    const { service, published } = setup();
    await service.requestPasswordReset('  Someone@Example.JP ', '127.0.0.1');
    expect(published).toEqual([new PasswordResetRequested('someone@example.jp')]);
  });

  it('keeps the old address until the new one is verified, and refuses a taken or unchanged one', async () => {
    const { service, stored, published } = setup();
    await expect(service.changeEmail('m-1', 'Taken@example.jp', 'right-password')).rejects.toMatchObject({
      code: 'EMAIL_TAKEN',
    });
    await expect(service.changeEmail('m-1', 'hanako@example.jp', 'right-password')).rejects.toMatchObject({
      code: 'EMAIL_UNCHANGED',
    });
    await expect(service.changeEmail('m-1', 'new@example.jp', 'wrong')).rejects.toMatchObject({
      code: 'PASSWORD_INCORRECT',
    });
    await service.changeEmail('m-1', 'New@example.jp', 'right-password');
    expect(stored).toMatchObject({ email: 'hanako@example.jp', pendingEmail: 'new@example.jp' });
    expect(published).toEqual([new EmailChangeRequested('m-1', 'hanako@example.jp')]);
  });

  it('gives the link back and answers EMAIL_TAKEN when the new address was taken meanwhile', async () => {
    const { service, consumes, confirms, released } = setup({ pendingEmail: 'new@example.jp' });
    consumes(used('new@example.jp'));
    confirms(() =>
      Promise.reject(
        new QueryFailedError('UPDATE', [], Object.assign(new Error('duplicate'), { code: '23505' })),
      ),
    );
    await expect(service.verifyEmail('the-token')).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
    expect(released).toEqual([hashAccountToken('the-token')]);
  });

  it('refuses a verification link for an address the member no longer has or asks for', async () => {
    const { service, consumes, confirms } = setup();
    consumes(used('old@example.jp'));
    confirms(() => Promise.resolve(false));
    await expect(service.verifyEmail('token')).rejects.toMatchObject({ code: 'INVALID_LINK_TOKEN' });
  });

  it('has nothing to resend to a verified address without a change waiting', async () => {
    await expect(setup().service.resendVerification('m-1')).rejects.toMatchObject({
      code: 'EMAIL_ALREADY_VERIFIED',
    });
    await expect(setup({ emailVerifiedAt: null }).service.resendVerification('m-1')).resolves.toBeUndefined();
  });
});
