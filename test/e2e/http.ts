/**
 * Small typed helpers shared by the e2e and fault specs: an HTTP client on Node's global fetch and the
 * checks of the api's answers (error bodies, the profile contract). The shapes are in api-types.ts, the
 * processes and members in fixture.ts.
 */
import type { ErrorBody, RelationValue } from './api-types';

export const RELATION_VALUES = [
  'resident',
  'former_resident',
  'side_job_professional',
  'theme_owner',
  'coordinator',
  'supporter',
  'other',
] as const satisfies readonly RelationValue[];

export const PUBLIC_PROFILE_KEYS: readonly string[] = [
  'avatarUrl',
  'bio',
  'createdAt',
  'displayName',
  'furigana',
  'homeArea',
  'id',
  'links',
  'openToHelp',
  'pastProjects',
  'relation',
  'role',
  'skills',
].sort();

export const OWN_PROFILE_KEYS: readonly string[] = [
  ...PUBLIC_PROFILE_KEYS,
  'email',
  'emailVerified',
  'pendingEmail',
  'locale',
  'timeZone',
].sort();

export const PRIVATE_PROFILE_KEYS: readonly string[] = [
  'email',
  'emailVerified',
  'pendingEmail',
  'locale',
  'timeZone',
  'passwordHash',
];

/** The contract's fields of a profile (profiles may gain fields as features are added). */
export function contractFields(profile: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(profile).filter(([key]) => keys.includes(key)));
}

export function expectOwnProfileShape(profile: object): void {
  expect(Object.keys(profile)).toEqual(expect.arrayContaining([...OWN_PROFILE_KEYS]));
  expect(profile).not.toHaveProperty('passwordHash');
}

export function expectPublicProfileShape(profile: object): void {
  expect(Object.keys(profile)).toEqual(expect.arrayContaining([...PUBLIC_PROFILE_KEYS]));
  for (const key of PRIVATE_PROFILE_KEYS) expect(profile).not.toHaveProperty(key);
}

export interface Reply<T> {
  status: number;
  headers: Headers;
  /** The raw body, for checks that something never appears in it. */
  text: string;
  body: T;
}

export interface CallOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent verbatim as application/json (for malformed bodies). */
  rawBody?: string;
  /** Bearer access token. */
  token?: string;
  headers?: Record<string, string>;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';

/** Parses a response body as JSON of the expected shape; an empty body becomes `undefined`. */
export async function json<T>(response: Response): Promise<Reply<T>> {
  const text = await response.text();
  let body: unknown;
  const isJson = response.headers.get('content-type')?.includes('json') ?? false;
  if (text && isJson) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, body: body as T };
}

export interface ApiClient {
  readonly baseUrl: string;
  call<T = unknown>(method: Method, path: string, options?: CallOptions): Promise<Reply<T>>;
  get<T = unknown>(path: string, options?: CallOptions): Promise<Reply<T>>;
  post<T = unknown>(path: string, body?: unknown, options?: CallOptions): Promise<Reply<T>>;
  patch<T = unknown>(path: string, body?: unknown, options?: CallOptions): Promise<Reply<T>>;
}

/** `baseUrl` may be a function, for a client made before its api has an address (fixture.ts). */
export function apiClient(baseUrl: string | (() => string)): ApiClient {
  const base = typeof baseUrl === 'string' ? () => baseUrl : baseUrl;
  async function call<T>(method: Method, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    return json<T>(await fetch(`${base()}${path}`, { method, headers, body }));
  }
  return {
    get baseUrl() {
      return base();
    },
    call,
    get: (path, options) => call('GET', path, options),
    post: (path, body, options) => call('POST', path, { ...options, body }),
    patch: (path, body, options) => call('PATCH', path, { ...options, body }),
  };
}

/** Asserts the status and code of an error reply and the error body's shape. */
export function expectError(reply: Reply<ErrorBody>, status: number, code: string): void {
  expect({ status: reply.status, code: reply.body.code }).toEqual({ status, code });
  expect(reply.body.statusCode).toBe(status);
  expect(typeof reply.body.message).toBe('string');
  expect(typeof reply.body.requestId).toBe('string');
}

/** The field problems of a VALIDATION_FAILED error, for `expect(...).toContainEqual(...)`. */
export function fieldProblems(reply: Reply<ErrorBody>): { field: string; code: string }[] {
  return (reply.body.details?.fields ?? []).map(({ field, code }) => ({ field, code }));
}

export function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A short random token to tag the data one spec creates. */
export function marker(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2, 10)}`;
}
