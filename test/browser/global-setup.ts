import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startBuiltApp } from '../support/api-process';
import { createDatabase, databaseUrl } from '../support/test-database';
import globalTeardown from '../support/global-teardown';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

/**
 * A fresh database with the demo data, then the built api (serving the built client) and worker as
 * processes, as `npm run demo` runs them. The tests read the address from SALON_WEB_URL.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const tag = `${Date.now().toString(36)}_${process.pid}`;
  const database = `salon_test_browser_${tag}`;
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(database),
    REDIS_KEY_PREFIX: `test:browser:${tag}:`,
    // Every test signs in through the form from 127.0.0.1.
    LOGIN_RATE_LIMIT_PER_IP: '1000',
    CHAT_RATE_LIMIT_MESSAGES: '1000',
    // Mail goes nowhere in these tests: a closed port makes the worker retry later, which is fine.
    SMTP_URL: 'smtp://127.0.0.1:9',
  };
  Object.assign(process.env, env, { SALON_TEST_DATABASE: database });
  await createDatabase(database);
  const cli = (...args: string[]) =>
    run(process.execPath, args, { cwd: root, env: process.env, maxBuffer: 10 * 1024 * 1024 });
  await cli(join(root, 'dist', 'libs', 'database', 'src', 'migrate.js'), 'run');
  await cli(join(root, 'dist', 'apps', 'cli', 'src', 'main.js'), 'demo:seed');

  const api = await startBuiltApp('api', env);
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
    await globalTeardown();
  };
}
