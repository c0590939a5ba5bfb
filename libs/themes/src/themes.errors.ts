import { ConflictError, DomainError, ForbiddenError, NotFoundError } from '@app/common';

export class ThemeNotFoundError extends NotFoundError {
  constructor() {
    super('THEME_NOT_FOUND', 'No such theme');
  }
}

export class ChannelNotFoundError extends NotFoundError {
  constructor() {
    super('CHANNEL_NOT_FOUND', 'No such channel');
  }
}

export class ThemeSlugTakenError extends ConflictError {
  constructor() {
    super('THEME_SLUG_TAKEN', 'Another theme has this slug');
  }
}

export class ChannelSlugTakenError extends ConflictError {
  constructor() {
    super('CHANNEL_SLUG_TAKEN', 'This theme has a channel with this slug already');
  }
}

export class NotThemeManagerError extends ForbiddenError {
  constructor() {
    super('NOT_THEME_MANAGER', 'Only coordinators and the theme owners can do this');
  }
}

export class NotAMemberError extends ForbiddenError {
  constructor() {
    super('NOT_A_MEMBER', 'Follow the theme first to read and post in its channels');
  }
}

export class ChannelArchivedError extends ForbiddenError {
  constructor() {
    super('CHANNEL_ARCHIVED', 'This channel is archived: it can be read but not written to');
  }
}

export class ThemeArchivedError extends ConflictError {
  constructor() {
    super('THEME_ARCHIVED', 'This theme is archived: its history can be read but nothing new can be added');
  }
}

/** Only coordinators and admins invite into the salon or any theme; a theme's owners into their theme. */
export class CannotInviteError extends ForbiddenError {
  constructor() {
    super('CANNOT_INVITE', 'Only coordinators, and theme owners for their theme, can invite');
  }
}

export class AlreadyMemberError extends ConflictError {
  constructor() {
    super('ALREADY_MEMBER', 'Someone with this email is a member already');
  }
}

export class InvitationNotFoundError extends NotFoundError {
  constructor() {
    super('INVITATION_NOT_FOUND', 'No such invitation');
  }
}

/** Registering with an invitation that was used already (each is single-use). */
export class InvitationUsedError extends ConflictError {
  constructor() {
    super('INVITATION_USED', 'This invitation has been used already');
  }
}

export class InvitationExpiredError extends DomainError {
  constructor() {
    super('INVITATION_EXPIRED', 'This invitation has expired', 410);
  }
}

export class InvitationRevokedError extends DomainError {
  constructor() {
    super('INVITATION_REVOKED', 'This invitation was withdrawn', 410);
  }
}
