// The web client's first-load budget: the JavaScript that index.html loads before anything else
// (its module script and modulepreloads), gzipped as a server would send it. Run after `npm run build`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** KB (1,000 bytes) of gzipped JavaScript on first load; docs/web.md records the current figure. */
export const JS_BUDGET_KB = 175;
/** The CSS is mostly @font-face rules: one per Noto Sans JP subset and weight. */
export const CSS_BUDGET_KB = 80;

const dist = join(import.meta.dirname, '..', 'dist', 'web');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = (pattern) => [...html.matchAll(pattern)].map((match) => match[1]);
const js = [
  ...files(/<script[^>]+src="\/([^"]+\.js)"/g),
  ...files(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g),
];
const css = files(/<link[^>]+rel="stylesheet"[^>]+href="\/([^"]+\.css)"/g);
const gzipKb = (list) =>
  list.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length, 0) / 1000;

const jsKb = gzipKb(js);
const cssKb = gzipKb(css);
const ok = jsKb <= JS_BUDGET_KB && cssKb <= CSS_BUDGET_KB && js.length > 0;
console.log(
  `web first load: JavaScript ${jsKb.toFixed(1)} KB gzip (budget ${JS_BUDGET_KB}) in ${js.length} file(s), ` +
    `CSS ${cssKb.toFixed(1)} KB gzip (budget ${CSS_BUDGET_KB}) — ${ok ? 'within budget' : 'OVER BUDGET'}`,
);
process.exit(ok ? 0 : 1);
