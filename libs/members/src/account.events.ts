/**
 * What happened to an account, published by AccountsService and AccountSecurityService; the mails that
 * follow are queued by AccountMailPlanner and sent by the worker. (A registration is `MemberRegistered`, in
 * members.events.ts.)
 */

/** The member asked for the verification mail again. */
export class VerificationRequested {
  constructor(readonly memberId: string) {}
}

/** The member asked to move to another address: it gets a verification mail, the old one a notice. */
export class EmailChangeRequested {
  constructor(
    readonly memberId: string,
    readonly oldEmail: string,
  ) {}
}

/** Someone asked for a reset link for this (normalised) address, which may belong to nobody. */
export class PasswordResetRequested {
  constructor(readonly email: string) {}
}
