/**
 * The one fixture of the e2e and fault suites: the built api (one or more processes), the worker and an SMTP
 * sink started with this suite's environment, clients on them, and members to act with (signed up, promoted
 * with the built CLI, or with a forged token). `useSalon` starts it before a file's tests and stops it after;
 * `startSalon` is for suites that must prepare something first (the fault suite's private services).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';
import {
  freePort,
  startBuiltApp,
  startSmtpSink,
  uniqueEmail,
  type SinkMessage,
  type SmtpSink,
  type StartedProcess,
} from '@test/support';
import type { AuthResult } from './api-types';
import { closeAllSockets } from './chat-client';
import { apiClient, type ApiClient } from './http';

/** Secrets the specs pass to the api they start, so that tokens can be forged in the tests. */
export const TEST_JWT_SECRET = 'e2e-access-secret-0123456789-abcdefghijklmnop';
export const TEST_JWT_REFRESH_SECRET = 'e2e-refresh-secret-0123456789-abcdefghijklmnop';
export const TEST_ACCESS_TTL_SECONDS = 600;

/**
 * The environment for one spec file's apps: explicit secrets, and a Redis key prefix of its own below
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

// ---------------------------------------------------------------------------------------------------
// The processes
// ---------------------------------------------------------------------------------------------------

export interface SalonOptions {
  /** Names the suite's Redis key prefix (see apiEnv). */
  tag: string;
  /** More environment for every process (rate limits, CORS origins, …). */
  env?: Record<string, string>;
  /** Api processes sharing the database and Redis (default 1). */
  apis?: number;
  /** The worker too. */
  worker?: boolean;
  /** An SMTP sink in this process, with SMTP_URL pointing at it. */
  smtp?: boolean;
  /** PUBLIC_URL set to the (first) api's own address, for links the api and worker write. */
  publicUrl?: boolean;
}

export interface Salon {
  /** The environment every process got (what the CLI needs to share their Redis key prefix). */
  readonly env: Record<string, string>;
  /** The first api process, and its address. */
  readonly api: StartedProcess;
  readonly url: string;
  readonly apis: readonly StartedProcess[];
  /** Only with `worker: true`. */
  readonly worker: StartedProcess;
  /** Only with `smtp: true`. */
  readonly sink: SmtpSink;
  /** On the first api. */
  readonly client: ApiClient;
  /** One per api process. */
  readonly clients: readonly ApiClient[];
  /** Closes this file's sockets, stops the processes and the sink. */
  stop(): Promise<void>;
}

/**
 * Salons whose members verify their address as a person would (a sink and a worker: the verification mail
 * arrives), by their clients: signUp follows the mail's link, so members can get digests and event mails.
 */
const verifyingSalons = new WeakMap<ApiClient, () => SmtpSink | undefined>();

/** Starts the apps (in parallel) and the sink; see SalonOptions. */
export async function startSalon(options: SalonOptions): Promise<Salon> {
  const sink = options.smtp ? await startSmtpSink() : undefined;
  const port = options.publicUrl ? await freePort() : undefined;
  const env = apiEnv(options.tag, {
    ...(sink && { SMTP_URL: sink.url }),
    ...(port && { PUBLIC_URL: `http://127.0.0.1:${port}` }),
    ...options.env,
  });
  const [apis, worker] = await Promise.all([
    Promise.all(
      Array.from({ length: options.apis ?? 1 }, (_, index) =>
        startBuiltApp('api', index === 0 && port ? { ...env, PORT: String(port) } : env),
      ),
    ),
    options.worker ? startBuiltApp('worker', env) : undefined,
  ]);
  const clients = apis.map((api) => apiClient(api.url));
  const verifiable = sink && worker ? sink : undefined;
  for (const client of clients) verifyingSalons.set(client, () => verifiable);
  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`this salon was started without ${what}`);
    return value;
  };
  return {
    env,
    api: apis[0],
    url: apis[0].url,
    apis,
    get worker() {
      return required(worker, 'a worker (worker: true)');
    },
    get sink() {
      return required(sink, 'an SMTP sink (smtp: true)');
    },
    client: clients[0],
    clients,
    async stop() {
      closeAllSockets();
      await Promise.all([...apis.map((api) => api.stop()), worker?.stop()]);
      await sink?.close();
    },
  };
}

/**
 * Starts a salon before this file's tests (before its own `beforeAll` hooks) and stops it after them. The
 * handle can be read at the top of the file; its parts exist once the tests run (the client at once: it
 * finds the api's address when it is called).
 */
export function useSalon(options: SalonOptions): Salon {
  let started: Salon | undefined;
  beforeAll(async () => {
    started = await startSalon(options);
  });
  afterAll(async () => {
    await started?.stop();
  });
  const running = (): Salon => {
    if (!started) throw new Error('the salon is not started yet: use it inside tests and hooks');
    return started;
  };
  const clients = Array.from({ length: options.apis ?? 1 }, (_, index) =>
    apiClient(() => running().apis[index].url),
  );
  for (const client of clients)
    verifyingSalons.set(client, () => (options.smtp && options.worker ? started?.sink : undefined));
  // The clients are here from the start; every other part is read from the running salon when it is used.
  const early: Pick<Salon, 'client' | 'clients'> = { client: clients[0], clients };
  return new Proxy(early as Salon, {
    get: (target, key): unknown => (key in target ? Reflect.get(target, key) : Reflect.get(running(), key)),
  });
}

// ---------------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------------

const root = join(__dirname, '..', '..');
const execFileAsync = promisify(execFile);

export interface SignUpInput {
  email?: string;
  password?: string;
  displayName?: string;
  /** Extra request headers, e.g. X-Forwarded-For. */
  headers?: Record<string, string>;
  /**
   * In a salon with a sink and a worker, signUp verifies the address from the mail unless this is false
   * (the verification mail is then left in the sink).
   */
  verify?: boolean;
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
  const sink = verifyingSalons.get(client)?.();
  if (sink && input.verify !== false) await verifyFromMail(client, sink, email);
  return { ...reply.body, email, password };
}

/** The token of the link to `page` (`verify-email`, `reset-password`) in a mail. */
export function linkToken(message: SinkMessage, page: 'verify-email' | 'reset-password'): string {
  const match = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(message.text);
  if (!match) throw new Error(`no ${page} link in the mail "${message.subject}":\n${message.text}`);
  return match[1];
}

/** The verification mail to this address, taken out of the sink (it arrives through the worker). */
export function takeVerificationMail(sink: SmtpSink, email: string): Promise<SinkMessage> {
  const address = email.trim().toLowerCase();
  return sink.take(
    (message) => message.to.includes(address) && /\/verify-email\?token=/.test(message.text),
    20_000,
  );
}

/** Follows the verification mail's link, as the member would. */
export async function verifyFromMail(client: ApiClient, sink: SmtpSink, email: string): Promise<void> {
  const token = linkToken(await takeVerificationMail(sink, email), 'verify-email');
  const verified = await client.post('/api/auth/verify-email', { token });
  if (verified.status !== 200)
    throw new Error(`verify-email for ${email} answered ${verified.status}: ${verified.text}`);
}

/** A few random CJK ideographs, to make Japanese display names unique in the run's database. */
export function kanjiTag(length = 2): string {
  return Array.from({ length }, () => String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 0x5000))).join(
    '',
  );
}

/** Registers a member with this display name. */
export function newMember(client: ApiClient, displayName: string): Promise<SignedUp> {
  return signUp(client, { displayName });
}

/**
 * Gives a member a role with the built CLI, then signs in again for a token carrying it. `env` is the
 * environment the api under test was started with (its Redis key prefix), for the CLI to share it.
 */
export async function promote(
  client: ApiClient,
  member: SignedUp,
  role: 'member' | 'coordinator' | 'admin' = 'coordinator',
  env: Record<string, string> = {},
): Promise<SignedUp> {
  await execFileAsync(
    process.execPath,
    [join(root, 'dist', 'apps', 'cli', 'src', 'main.js'), 'members:promote', member.email, role],
    { cwd: root, env: { ...process.env, ...env } },
  );
  const reply = await client.post<AuthResult>('/api/auth/login', {
    email: member.email,
    password: member.password,
  });
  if (reply.status !== 200)
    throw new Error(`login ${member.email} answered ${reply.status} (expected 200): ${reply.text}`);
  if (reply.body.member.role !== role) throw new Error(`${member.email} is ${reply.body.member.role}`);
  return { ...member, ...reply.body };
}

/** Registers a member and makes them a coordinator. */
export async function newCoordinator(client: ApiClient, displayName: string): Promise<SignedUp> {
  return promote(client, await signUp(client, { displayName }));
}

/** Signs an access token the way the api does (HS256, the api's secret), with any claims. */
export function forgeAccessToken(claims: Record<string, unknown>, secret = TEST_JWT_SECRET): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256' });
}
