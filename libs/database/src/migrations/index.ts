import { MembersAndSessions1763900000000 } from './1763900000000-members-and-sessions';

/** Listed explicitly (not globbed) so the same list works from TypeScript in tests and JavaScript in dist. */
export const migrations = [MembersAndSessions1763900000000];
