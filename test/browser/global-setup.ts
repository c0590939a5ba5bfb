import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, startBuiltApp } from '../support/api-process';
import { createDatabase, databaseUrl } from '../support/test-database';
import globalTeardown from '../support/global-teardown';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

/**
 * A fresh database with the demo data, then the built api (serving the built client), the worker and the
 * demo's mail catcher as processes, as `npm run demo` runs them. The tests read the addresses from
 * SALON_WEB_URL and SALON_MAIL_URL (the catcher's JSON inbox: mails are followed from there).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const tag = `${Date.now().toString(36)}_${process.pid}`;
  const database = `salon_test_browser_${tag}`;
  const mail = await startMailCatcher();
  // Mails link to PUBLIC_URL: the api's own address, so a test can follow them.
  const port = String(await freePort());
  const env = {
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(database),
    REDIS_KEY_PREFIX: `test:browser:${tag}:`,
    // Every test signs in through the form from 127.0.0.1.
    LOGIN_RATE_LIMIT_PER_IP: '1000',
    CHAT_RATE_LIMIT_MESSAGES: '1000',
    SMTP_URL: mail.smtpUrl,
  };
  Object.assign(process.env, env, { SALON_TEST_DATABASE: database, SALON_MAIL_URL: mail.url });
  await createDatabase(database);
  const cli = (...args: string[]) =>
    run(process.execPath, args, { cwd: root, env: process.env, maxBuffer: 10 * 1024 * 1024 });
  await cli(join(root, 'dist', 'libs', 'database', 'src', 'migrate.js'), 'run');
  await cli(join(root, 'dist', 'apps', 'cli', 'src', 'main.js'), 'demo:seed');

  const api = await startBuiltApp('api', { ...env, PORT: port });
  const worker = await startBuiltApp('worker', env);
  process.env.SALON_WEB_URL = api.url;
  for (const [name, app] of [
    ['api', api],
    ['worker', worker],
  ] as const) {
    app.child.once('exit', (code) => {
      if (!stopping)
        process.stderr.write(
          `the ${name} stopped (${code}) during the browser tests:\n${app.output().slice(-1500)}\n`,
        );
    });
  }
  if (!/serving the web client/.test(api.output()))
    throw new Error(`the api does not serve the web client (run \`npm run build\`):\n${api.output()}`);

  let stopping = false;
  return async () => {
    stopping = true;
    await Promise.all([api.stop(), worker.stop()]);
    await mail.stop();
    await globalTeardown();
  };
}

/** scripts/mail-catcher.mjs on free ports with an inbox folder of its own. */
async function startMailCatcher(): Promise<{ smtpUrl: string; url: string; stop: () => Promise<void> }> {
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'salon-browser-mail-'));
  const child = spawn(process.execPath, [join(root, 'scripts', 'mail-catcher.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      MAIL_CATCHER_SMTP_PORT: String(smtpPort),
      MAIL_CATCHER_HTTP_PORT: String(httpPort),
      MAIL_CATCHER_DIR: dir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let waited = 0; !/inbox on/.test(output); waited += 50) {
    if (child.exitCode !== null || waited > 10_000)
      throw new Error(`the mail catcher did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    url: `http://127.0.0.1:${httpPort}`,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
