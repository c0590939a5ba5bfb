/**
 * Told of every authenticated HTTP request (JwtStrategy) and Socket.IO connection (the chat gateway): the
 * activity domain counts a visit per member and day from it. Auth may not import a domain, so it declares
 * what it needs and the activity domain provides it (ActivityModule, global), as members provide
 * SubjectLookup. Optional: processes without it (worker, cli) record nothing. Must return at once and
 * never throw: it runs on the request path.
 */
export abstract class VisitRecorder {
  abstract visited(memberId: string): void;
}
