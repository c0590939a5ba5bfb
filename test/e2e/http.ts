/**
 * Small typed helpers shared by the e2e specs: an HTTP client on Node's global fetch, the shapes of
 * the api's responses, and the environment every spec gives the api it starts.
 */
import jwt from 'jsonwebtoken';
import { uniqueEmail } from '@test/support';

/** Secrets the specs pass to the api they start, so that tokens can be forged in the tests. */
export const TEST_JWT_SECRET = 'e2e-access-secret-0123456789-abcdefghijklmnop';
export const TEST_JWT_REFRESH_SECRET = 'e2e-refresh-secret-0123456789-abcdefghijklmnop';
export const TEST_ACCESS_TTL_SECONDS = 600;

/**
 * The environment for one spec file's api: explicit secrets, and a Redis key prefix of its own below
 * the run's prefix (so its rate-limit buckets are not shared with the other spec files, and the global
 * teardown still removes its keys).
 */
export function apiEnv(tag: string, extra: Record<string, string> = {}): Record<string, string> {
  const runPrefix = process.env.REDIS_KEY_PREFIX;
  if (!runPrefix)
    throw new Error('REDIS_KEY_PREFIX is not set: run the e2e specs through the jest e2e project');
  return {
    JWT_SECRET: TEST_JWT_SECRET,
    JWT_REFRESH_SECRET: TEST_JWT_REFRESH_SECRET,
    JWT_ACCESS_TTL_SECONDS: String(TEST_ACCESS_TTL_SECONDS),
    REDIS_KEY_PREFIX: `${runPrefix}${tag}:`,
    ...extra,
  };
}

export const RELATION_VALUES = [
  'resident',
  'former_resident',
  'side_job_professional',
  'theme_owner',
  'coordinator',
  'supporter',
  'other',
] as const;
export type RelationValue = (typeof RELATION_VALUES)[number];

export interface PastProject {
  theme: string;
  role?: string;
  year?: number;
}

export interface ProfileLink {
  label: string;
  url: string;
}

export interface PublicProfile {
  id: string;
  displayName: string;
  furigana: string | null;
  bio: string;
  skills: string[];
  relation: RelationValue | null;
  homeArea: string | null;
  pastProjects: PastProject[];
  links: ProfileLink[];
  avatarUrl: string | null;
  openToHelp: boolean;
  role: string;
  createdAt: string;
}

export interface OwnProfile extends PublicProfile {
  email: string;
  locale: 'ja' | 'en';
  timeZone: string;
}

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
  'locale',
  'timeZone',
].sort();

export const PRIVATE_PROFILE_KEYS: readonly string[] = ['email', 'locale', 'timeZone', 'passwordHash'];

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

export interface AuthResult {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  member: OwnProfile;
}

export interface DirectoryPage {
  items: PublicProfile[];
  nextCursor: string | null;
}

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { fields?: FieldProblem[]; retryAfterSeconds?: number } & Record<string, unknown>;
  requestId: string;
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

export function apiClient(baseUrl: string): ApiClient {
  async function call<T>(method: Method, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    return json<T>(await fetch(`${baseUrl}${path}`, { method, headers, body }));
  }
  return {
    baseUrl,
    call,
    get: (path, options) => call('GET', path, options),
    post: (path, body, options) => call('POST', path, { ...options, body }),
    patch: (path, body, options) => call('PATCH', path, { ...options, body }),
  };
}

export interface SignUpInput {
  email?: string;
  password?: string;
  displayName?: string;
  /** Extra request headers, e.g. X-Forwarded-For. */
  headers?: Record<string, string>;
}

export interface SignedUp extends AuthResult {
  email: string;
  password: string;
}

/** Registers a new member (failing the test on anything but 201) and returns its tokens and credentials. */
export async function signUp(client: ApiClient, input: SignUpInput = {}): Promise<SignedUp> {
  const email = input.email ?? uniqueEmail('e2e');
  const password = input.password ?? `pw-${Math.random().toString(36).slice(2)}-長い合言葉`;
  const displayName = input.displayName ?? '塩尻 花子';
  const reply = await client.post<AuthResult>(
    '/api/auth/register',
    { email, password, displayName },
    { headers: input.headers },
  );
  if (reply.status !== 201) throw new Error(`register ${email} answered ${reply.status}: ${reply.text}`);
  return { ...reply.body, email, password };
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

/** Signs an access token the way the api does (HS256, the api's secret), with any claims. */
export function forgeAccessToken(claims: Record<string, unknown>, secret = TEST_JWT_SECRET): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256' });
}

export function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A short random token to tag the data one spec creates. */
export function marker(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2, 10)}`;
}
