/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Where the api runs in development (`npm run start:api`); the dev server proxies /api and /socket.io to it. */
const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';

/**
 * Fontsource's CSS offers each subset as woff2 and woff; every browser this client supports reads woff2,
 * so the woff copies are dropped from the CSS (and so from the build).
 */
function woff2Only(): Plugin {
  return {
    name: 'salon-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('@fontsource') || !id.endsWith('.css')) return null;
      return { code: code.replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, ''), map: null };
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), woff2Only()],
  resolve: { alias: { '@': `${root}src` } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
    // Japanese glyph subsets are many small files; none is worth inlining.
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/socket.io': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
  test: {
    root,
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
