import type { AuthResult, OwnProfile } from './api-types';

/** An error answer of the api: clients branch on `code` (docs/api.md). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
    /** `VALIDATION_FAILED` carries `fields: [{ field, code, message }]` (e.g. `links.0.url`). */
    readonly details?: { fields?: FieldProblem[] } & Record<string, unknown>,
  ) {
    super(message);
  }

  /** The fields at fault (of VALIDATION_FAILED and of field-level codes such as INVALID_EVENT_TIMES). */
  get fields(): FieldProblem[] {
    return Array.isArray(this.details?.fields) ? this.details.fields : [];
  }
}

/** One problem of a `VALIDATION_FAILED` answer: the field's path and the rule it broke. */
export interface FieldProblem {
  field: string;
  code: string;
  message?: string;
}

export interface Session {
  member: OwnProfile;
}

/**
 * The signed-in session. The access token lives only in this module's memory; the refresh token is an
 * httpOnly cookie the api sets (`session: "cookie"`), which no script can read.
 */
let accessToken: string | null = null;
let session: Session | null = null;
const listeners = new Set<() => void>();
/** Tells the other tabs of this browser that this one signed out. */
const tabs = typeof BroadcastChannel === 'function' ? new BroadcastChannel('salon-session') : null;

function notify(): void {
  for (const listener of listeners) listener();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSession(): Session | null {
  return session;
}

export function getAccessToken(): string | null {
  return accessToken;
}

function signedIn(result: AuthResult): Session {
  accessToken = result.accessToken;
  session = { member: result.member };
  notify();
  return session;
}

function signedOut(): void {
  if (!session && !accessToken) return;
  accessToken = null;
  session = null;
  notify();
}

/** Replaces the member of the session (after a profile change). */
export function updateSessionMember(member: OwnProfile): void {
  if (!session) return;
  session = { member };
  notify();
}

async function readError(response: Response): Promise<ApiError> {
  let body: { code?: string; message?: string; details?: ApiError['details'] } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's error page): the status is all there is.
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    body.code ?? `HTTP_${response.status}`,
    body.message ?? response.statusText,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    body.details,
  );
}

async function postAuth(path: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`/api/auth/${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    // `session: "cookie"` asks for (and lets refresh/logout read) the httpOnly refresh cookie; only a JSON
    // body can carry it, which a cross-site form cannot send.
    body: JSON.stringify({ ...body, session: 'cookie' }),
  });
}

let refreshing: Promise<boolean> | null = null;

/**
 * Swaps the refresh cookie for a new access token. One at a time per tab, and across the tabs of the
 * browser (Web Locks): the cookie rotates on every use, so two tabs refreshing with the same cookie at once
 * would look like a stolen token and end the session.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const run = async () => {
      const response = await postAuth('refresh', {});
      if (!response.ok) {
        signedOut();
        return false;
      }
      signedIn((await response.json()) as AuthResult);
      return true;
    };
    try {
      return navigator.locks ? await navigator.locks.request('salon-refresh', run) : await run();
    } catch {
      // Offline: keep what we have; the next request tries again.
      return accessToken !== null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function signIn(email: string, password: string): Promise<Session> {
  const response = await postAuth('login', { email, password });
  if (!response.ok) throw await readError(response);
  return signedIn((await response.json()) as AuthResult);
}

export async function register(
  email: string,
  password: string,
  displayName: string,
  inviteToken?: string,
): Promise<Session> {
  const response = await postAuth('register', {
    email,
    password,
    displayName,
    ...(inviteToken && { inviteToken }),
  });
  if (!response.ok) throw await readError(response);
  return signedIn((await response.json()) as AuthResult);
}

/** Ends the session on the server (the cookie is cleared there) and in every tab of this browser. */
export async function signOut(): Promise<void> {
  try {
    await postAuth('logout', {});
  } finally {
    signedOut();
    tabs?.postMessage('signed-out');
  }
}

tabs?.addEventListener('message', (event: MessageEvent) => {
  if (event.data === 'signed-out') signedOut();
});

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** A call to the api with the in-memory access token, refreshed once when it has expired. */
async function authorized(path: string, options: RequestOptions = {}): Promise<Response> {
  const call = () =>
    fetch(`/api${path}`, {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      signal: options.signal,
      headers: {
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
        ...(accessToken && { authorization: `Bearer ${accessToken}` }),
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
  let response = await call();
  if (response.status === 401 && (await refreshSession())) response = await call();
  if (!response.ok) throw await readError(response);
  return response;
}

/** A JSON call to the api (see `authorized`). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await authorized(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * Saves what the api answers as a file (an `.ics`, say): the access token lives in memory, so a plain link
 * could not carry it.
 */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const blob = await (await authorized(path)).blob();
  saveBlob(blob, fileName);
}

/** Hands a blob to the browser's download (a CSV built here, a file from the api). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A call to the api that answers something other than JSON (the digest preview's HTML), as text. */
export async function apiText(path: string, options: Pick<RequestOptions, 'signal'> = {}): Promise<string> {
  return (await authorized(path, options)).text();
}
