import { defineConfig } from '@playwright/test';
import chromium from './chromium.json';

/**
 * Browser tests: Debian's Chromium (never a downloaded one) against the built api serving the built
 * client, with a database of their own (global-setup.ts). @playwright/test is pinned to the release whose
 * Chromium has the same major as Debian's package (docs/web.md).
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.pw.ts',
  globalSetup: './global-setup.ts',
  // One browser at a time: the machine has two cores and the api and worker run beside it.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON ?? '/dev/null' }]],
  outputDir: '../../dist/playwright',
  use: {
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 800 },
    trace: 'off',
    screenshot: 'only-on-failure',
    // Debian's chromium, run as root in a sandbox-less container without GPU or network (chromium.json).
    launchOptions: { ...chromium, executablePath: process.env.CHROMIUM_PATH ?? chromium.executablePath },
  },
});
