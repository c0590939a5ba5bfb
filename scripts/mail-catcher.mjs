#!/usr/bin/env node
// A local mail catcher for trying the salon: an SMTP server that accepts every message (no AUTH, no TLS,
// nothing is relayed) and a small web inbox to read them. It keeps the newest 500, also in
// .demo/mail/inbox.json, so a demo started again still shows the mail of earlier runs (a digest goes out
// once per member and week: a second run the same week sends none).
//   npm run mail                       SMTP 127.0.0.1:1025 (the default SMTP_URL), inbox http://127.0.0.1:1080
//   MAIL_CATCHER_SMTP_PORT / MAIL_CATCHER_HTTP_PORT to use other ports, MAIL_CATCHER_DIR another folder.
// JSON for scripts: GET /api/messages (newest first, no bodies) and GET /api/messages/ID (html, text, headers).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const HOST = '127.0.0.1';
const SMTP_PORT = Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025);
const HTTP_PORT = Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 1080);
const KEEP = 500;
const MAX_BYTES = 20 * 1024 * 1024;

const INBOX_DIR = process.env.MAIL_CATCHER_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '.demo', 'mail');
const INBOX_FILE = join(INBOX_DIR, 'inbox.json');

/** Newest first: what an earlier run kept, if anything. */
const messages = loadInbox();
let nextId = Math.max(0, ...messages.map((m) => m.id)) + 1;

function loadInbox() {
  try {
    return JSON.parse(readFileSync(INBOX_FILE, 'utf8')).map((m) => ({ ...m, receivedAt: new Date(m.receivedAt) }));
  } catch {
    return [];
  }
}

/** Written whole (at most KEEP messages) to a new file that then replaces the old one: never half a file. */
function saveInbox() {
  try {
    mkdirSync(INBOX_DIR, { recursive: true });
    writeFileSync(`${INBOX_FILE}.tmp`, JSON.stringify(messages));
    renameSync(`${INBOX_FILE}.tmp`, INBOX_FILE);
  } catch (error) {
    log(`could not keep the inbox in ${INBOX_FILE}: ${error.message}`);
  }
}

const escape = (value) =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
const time = (date) => date.toLocaleString('sv-SE').slice(0, 19);
const log = (line) => process.stdout.write(`[mail-catcher] ${line}\n`);

async function store(stream, session) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  if (stream.sizeExceeded) throw Object.assign(new Error('message too large'), { responseCode: 552 });
  const raw = Buffer.concat(chunks);
  const parsed = await simpleParser(raw);
  const message = {
    id: nextId++,
    receivedAt: new Date(),
    from: parsed.from?.text ?? session.envelope.mailFrom?.address ?? '',
    to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
    subject: parsed.subject ?? '',
    html: parsed.html || '',
    text: parsed.text ?? '',
    headers: parsed.headerLines.map((header) => header.line),
    listUnsubscribe: parsed.headers.get('list')?.unsubscribe?.url,
    oneClick: parsed.headerLines.some(
      (header) => header.key === 'list-unsubscribe-post' && /List-Unsubscribe=One-Click/i.test(header.line),
    ),
    size: raw.length,
  };
  messages.unshift(message);
  messages.length = Math.min(messages.length, KEEP);
  saveInbox();
  log(`#${message.id} to ${message.to.join(', ')}: ${message.subject}`);
}

const smtp = new SMTPServer({
  disabledCommands: ['AUTH', 'STARTTLS'],
  authOptional: true,
  logger: false,
  size: MAX_BYTES,
  // Pooled senders keep their connection open: do not hold a shutdown for them.
  closeTimeout: 500,
  onData(stream, session, callback) {
    store(stream, session).then(
      () => callback(),
      (error) => callback(Object.assign(error, { responseCode: error.responseCode ?? 554 })),
    );
  },
});

// The inbox pages load nothing from elsewhere and run no script; a mail's HTML is shown in a sandboxed
// frame from its own route, whose policy forbids scripts, forms and remote resources.
const PAGE_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; form-action http: https:";
const MAIL_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:; sandbox allow-popups";

function page(title, body) {
  return `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:16px;color:#2b2622}
table{border-collapse:collapse;width:100%}td,th{padding:6px 8px;border-bottom:1px solid #e6e0da;text-align:left;vertical-align:top}
a{color:#6b2d5c}pre{background:#f7f5f3;padding:10px;overflow:auto;white-space:pre-wrap;font-size:13px}
iframe{width:100%;height:70vh;border:1px solid #e6e0da}.muted{color:#6f6a66;font-size:13px}
</style></head><body>${body}</body></html>`;
}

function inbox() {
  const rows = messages
    .map(
      (m) =>
        `<tr><td class="muted">${escape(time(m.receivedAt))}</td><td>${escape(m.to.join(', '))}</td>` +
        `<td><a href="/messages/${m.id}">${escape(m.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('');
  return page(
    'Mail catcher',
    `<h1>Mail catcher</h1><p class="muted">SMTP ${HOST}:${SMTP_PORT} · ${messages.length} message(s), newest first,
the last ${KEEP} are kept in ${escape(INBOX_FILE)} · <a href="/">refresh</a></p>
${rows ? `<table><tr><th>time</th><th>to</th><th>subject</th></tr>${rows}</table>` : '<p>No mail yet.</p>'}`,
  );
}

function detail(m) {
  const unsubscribe =
    m.listUnsubscribe && /^https?:/.test(m.listUnsubscribe)
      ? m.oneClick
        ? `<form method="post" action="${escape(m.listUnsubscribe)}" target="_blank">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">One-click unsubscribe</button> <span class="muted">(the POST a mail client sends, RFC 8058)</span></form>`
        : `<p><a href="${escape(m.listUnsubscribe)}" target="_blank" rel="noreferrer">Unsubscribe link</a></p>`
      : '';
  return page(
    m.subject,
    `<p><a href="/">← inbox</a></p><h1>${escape(m.subject || '(no subject)')}</h1>
<p class="muted">${escape(time(m.receivedAt))} · from ${escape(m.from)} · to ${escape(m.to.join(', '))}</p>
${unsubscribe}
${m.html ? `<iframe sandbox="allow-popups" src="/messages/${m.id}/html" title="HTML part"></iframe>` : ''}
<h2>Text part</h2><pre>${escape(m.text) || '(none)'}</pre>
<h2>Headers</h2><pre>${escape(m.headers.join('\n'))}</pre>`,
  );
}

function send(response, status, type, body, policy = PAGE_POLICY) {
  response.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  response.end(body);
}

const http = createServer((request, response) => {
  // Only this machine's own names: a page elsewhere cannot read the inbox through a rebound DNS name.
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host))
    return send(response, 403, 'text/plain', 'forbidden');
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return send(response, 405, 'text/plain', 'method not allowed');
  const path = new URL(request.url ?? '/', 'http://catcher').pathname;
  const match = /^\/(api\/)?messages\/(\d+)(\/html)?$/.exec(path);
  const message = match && messages.find((m) => m.id === Number(match[2]));
  if (path === '/') return send(response, 200, 'text/html', inbox());
  if (path === '/api/messages') {
    const list = messages.map(({ id, receivedAt, from, to, subject, size }) => ({
      id,
      receivedAt,
      from,
      to,
      subject,
      size,
    }));
    return send(response, 200, 'application/json', JSON.stringify(list));
  }
  if (!message) return send(response, 404, 'text/plain', 'not found');
  if (match[1]) return send(response, 200, 'application/json', JSON.stringify(message));
  if (match[3]) return send(response, 200, 'text/html', message.html, MAIL_POLICY);
  return send(response, 200, 'text/html', detail(message));
});

/** `server` emits the errors (an SMTPServer re-emits those of its own net server). */
function listen(server, port, what) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error) => {
    process.stderr.write(
      `[mail-catcher] cannot listen for ${what} on ${HOST}:${port}: ${error.code ?? error.message}` +
        (error.code === 'EADDRINUSE' ? ' (another mail catcher or program is using it)' : '') +
        '\n',
    );
    process.exit(1);
  });
}

await listen(smtp, SMTP_PORT, 'SMTP');
await listen(http, HTTP_PORT, 'the web inbox');
smtp.on('error', (error) => log(`SMTP error: ${error.message}`));
log(`SMTP on ${HOST}:${SMTP_PORT}, inbox on http://${HOST}:${HTTP_PORT}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    http.closeAllConnections();
    http.close();
    smtp.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
