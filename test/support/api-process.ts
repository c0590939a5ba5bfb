import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

export interface StartedProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a built app (`dist/apps/<app>/src/main.js`) as its own process, with the run's environment plus `env`. */
export async function startBuiltApp(
  app: 'api' | 'worker',
  env: Record<string, string> = {},
): Promise<StartedProcess> {
  const entry = builtEntry(app);
  {
    const port = env.PORT ?? String(await freePort());
    const child = spawn(process.execPath, ['--enable-source-maps', entry], {
      cwd: root,
      env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env, PORT: port },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const ready = app === 'api' ? /api listening on/ : /worker ready/;
    // A process killed by a signal exits with code null: say which signal in the failure.
    await waitFor(
      () => ready.test(output),
      exited,
      () => (child.signalCode ? `(killed by ${child.signalCode})\n${output}` : output),
    );
    return {
      url: `http://127.0.0.1:${port}`,
      child,
      output: () => output,
      stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
        if (child.exitCode === null) child.kill(signal);
        return exited;
      },
    };
  }
}

function builtEntry(app: 'api' | 'worker'): string {
  const entry = join(root, 'dist', 'apps', app, 'src', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` before the e2e tests`);
  return entry;
}

/** Runs a built app expecting it to stop by itself (e.g. on bad configuration). */
export function runBuiltAppToExit(
  app: 'api' | 'worker',
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const entry = builtEntry(app);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry], { cwd: root, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function waitFor(
  condition: () => boolean,
  exited: Promise<number | null>,
  output: () => string,
  timeoutMs = 30_000,
): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (exitCode !== undefined)
      throw new Error(`process exited with ${exitCode} before it was ready:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`process not ready after ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
