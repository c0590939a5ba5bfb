import { z } from 'zod';

const DEV_JWT_SECRET = 'dev-only-access-secret-change-me-0123456789';
const DEV_JWT_REFRESH_SECRET = 'dev-only-refresh-secret-change-me-0123456789';

const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/**
 * Every setting the apps read, with the defaults that work on a developer machine (local services).
 * In production the secrets have no default: a missing one stops the process.
 */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port.default(3000),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/ })
      .default('postgres://postgres@127.0.0.1:5432/shiojiri_salon'),
    DATABASE_POOL_SIZE: positiveInt.default(10),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[a-z0-9:_-]+$/i)
      .default('salon:'),
    JWT_SECRET: z.string().min(32).optional(),
    JWT_REFRESH_SECRET: z.string().min(32).optional(),
    JWT_ACCESS_TTL_SECONDS: positiveInt.default(15 * 60),
    JWT_REFRESH_TTL_SECONDS: positiveInt.default(30 * 24 * 60 * 60),
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).default('smtp://127.0.0.1:1025'),
    MAIL_FROM: z.string().min(3).default('塩尻サロン <no-reply@shiojiri-salon.localhost>'),
    CORS_ORIGINS: csv.default(['http://localhost:3000', 'http://localhost:5173']),
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((value) => (value === 'true' ? true : value === 'false' ? false : value)),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    LOGIN_RATE_WINDOW_SECONDS: positiveInt.default(15 * 60),
    LOGIN_RATE_LIMIT_PER_IP: positiveInt.default(50),
    LOGIN_RATE_LIMIT_PER_ACCOUNT: positiveInt.default(10),
    CHAT_RATE_LIMIT_MESSAGES: positiveInt.default(20),
    CHAT_RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(10),
    SOCKET_MAX_PAYLOAD_BYTES: positiveInt.default(64 * 1024),
    SOCKET_EVENT_BURST: positiveInt.default(40),
    SOCKET_EVENT_RATE_PER_SECOND: positiveInt.default(10),
    DIGEST_TICK_SECONDS: positiveInt.default(5 * 60),
    DIGEST_BATCH_SIZE: positiveInt.default(1000),
    DIGEST_SEND_CONCURRENCY: positiveInt.default(32),
    DIGEST_SEND_RATE_PER_SECOND: positiveInt.default(500),
    /** How often the worker moves visits from Redis to activity_days and rolls up engagement. */
    ACTIVITY_TICK_SECONDS: positiveInt.default(60),
    MAIL_BOUNCE_LIMIT: positiveInt.default(3),
    ACCOUNT_MAIL_RATE_LIMIT: positiveInt.default(5),
    ACCOUNT_MAIL_WINDOW_SECONDS: positiveInt.default(60 * 60),
    REGISTRATION: z.enum(['open', 'invite']).default('open'),
    INVITATION_TTL_DAYS: positiveInt.max(365).default(14),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    for (const key of ['JWT_SECRET', 'JWT_REFRESH_SECRET'] as const) {
      if (!env[key]) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
      }
    }
  })
  .transform((env) => ({
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? DEV_JWT_SECRET,
    JWT_REFRESH_SECRET: env.JWT_REFRESH_SECRET ?? DEV_JWT_REFRESH_SECRET,
    LOG_FORMAT: env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json'),
  }));

export type AppConfig = Readonly<z.output<typeof envSchema>>;

export class InvalidConfigError extends Error {}

/** Parses the environment; the error names every bad variable so an operator can fix them at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const candidate = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(candidate);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new InvalidConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(result.data);
}
