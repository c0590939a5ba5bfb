import type { Admission } from './registration-gate';

/**
 * Someone registered. `invitation` is the invitation they registered with (already accepted), or null.
 * `emailConfirmed`: they came through an invitation mailed to the very address they registered with, so the
 * address is known to reach them (address verification may treat it as verified).
 */
export class MemberRegistered {
  constructor(
    readonly memberId: string,
    readonly email: string,
    readonly invitation: Admission | null,
    readonly emailConfirmed: boolean,
  ) {}
}

/**
 * A member is leaving, published before their row is wiped: each domain ends what the member has there
 * (follows and ownerships, upcoming seats, pending invitations, and their messages with `deleteMessages`).
 */
export class MemberLeaving {
  constructor(
    readonly memberId: string,
    readonly deleteMessages: boolean,
  ) {}
}

/** A member left (their row is anonymised, their sessions are gone): connections of theirs are closed. */
export class MemberLeft {
  constructor(readonly memberId: string) {}
}

/**
 * A member asked for their data (GET /api/members/me/export). Each domain that holds something about them
 * subscribes and adds its part, read through its own repositories; the members domain adds the profile.
 */
export class MemberDataRequested {
  readonly sections: Record<string, unknown> = {};

  constructor(readonly memberId: string) {}

  add(section: string, data: unknown): void {
    this.sections[section] = data;
  }
}
