import type { AddressInfo } from 'node:net';
import { simpleParser, type HeaderValue } from 'mailparser';
import {
  SMTPServer,
  type SMTPServerDataStream,
  type SMTPServerError,
  type SMTPServerSession,
} from 'smtp-server';

/** One message the sink accepted, parsed. */
export interface SinkMessage {
  /** The From header as `Name <address>` (display name decoded), or the bare address. */
  from: string;
  /** Envelope recipients (RCPT TO): who the message was delivered to. */
  to: string[];
  /** Envelope sender (MAIL FROM). */
  envelopeFrom: string;
  subject: string;
  text: string;
  html: string;
  /** Parsed headers by lower-case name, e.g. `headers.get('list-unsubscribe')`. */
  headers: Map<string, HeaderValue>;
  /** The message as it came over the wire, for assertions on encodings. */
  raw: string;
}

export interface SmtpSinkOptions {
  /** Refuse the first `count` messages at DATA time with this reply. */
  failNext?: { count: number; code: number; message: string };
  /**
   * A slow server: each message is stored at once but answered this much later, so a sender that dies
   * meanwhile has handed over a mail without learning it was accepted.
   */
  replyDelayMs?: number;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:PORT`, ready for SMTP_URL. */
  readonly url: string;
  readonly port: number;
  /** Every accepted message, oldest first. */
  readonly messages: SinkMessage[];
  /** The first message, received already or later, that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (message: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  /** Refuses the next `count` messages at DATA time with `code message` (e.g. 451 for a retry, 550 for good). */
  failNextWith(code: number, message: string, count?: number): void;
  /** Forgets the messages received so far (and any pending failures). */
  /** Waits for a matching message like `waitFor`, and removes it from `messages`. */
  take(predicate: (message: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  clear(): void;
  close(): Promise<void>;
}

interface Waiter {
  predicate: (message: SinkMessage) => boolean;
  resolve: (message: SinkMessage) => void;
}

/**
 * A real SMTP server on 127.0.0.1 (free port, no AUTH, no TLS) that keeps every message it accepts,
 * parsed with mailparser. It replies to DATA only once the message is stored, so when the sender's
 * `send()` resolves the message is already in `messages`.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const waiters = new Set<Waiter>();
  let failures: { count: number; code: number; message: string } | undefined = options.failNext
    ? { ...options.failNext }
    : undefined;

  const takeFailure = (): SMTPServerError | undefined => {
    if (!failures || failures.count <= 0) return undefined;
    failures.count -= 1;
    const error: SMTPServerError = new Error(failures.message);
    error.responseCode = failures.code;
    if (failures.count <= 0) failures = undefined;
    return error;
  };

  const store = async (stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const parsed = await simpleParser(raw);
    const sender = parsed.from?.value[0];
    const message: SinkMessage = {
      from: sender ? (sender.name ? `${sender.name} <${sender.address ?? ''}>` : (sender.address ?? '')) : '',
      to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
      envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: parsed.html || '',
      headers: parsed.headers,
      raw: raw.toString('utf8'),
    };
    messages.push(message);
    for (const waiter of waiters) {
      if (waiter.predicate(message)) {
        waiters.delete(waiter);
        waiter.resolve(message);
      }
    }
  };

  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    // Pooled clients keep connections open; do not make close() wait the default 30 s for them.
    closeTimeout: 200,
    onData(stream, session, callback) {
      const failure = takeFailure();
      if (failure) {
        // The whole message must be read before the reply, or the client sees a broken session.
        stream.on('end', () => callback(failure));
        stream.resume();
        return;
      }
      store(stream, session).then(
        () => (options.replyDelayMs ? setTimeout(() => callback(), options.replyDelayMs) : callback()),
        (error: Error) => {
          const reply: SMTPServerError = new Error(`sink could not parse the message: ${error.message}`);
          reply.responseCode = 554;
          callback(reply);
        },
      );
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    const listener = server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((listener.address() as AddressInfo).port);
    });
  });
  // smtp-server emits a client's broken connection (ECONNRESET when a sender is killed mid-session) as an
  // 'error' of the server: the sender's failure, not the sink's, and not worth crashing the test process.
  server.on('error', () => undefined);

  const sink: SmtpSink = {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(predicate, timeoutMs = 10_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<SinkMessage>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (message) => {
            clearTimeout(timer);
            resolve(message);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const subjects = messages.map((message) => `  - ${message.subject} (to ${message.to.join(', ')})`);
          reject(
            new Error(
              `No matching mail within ${timeoutMs} ms; ${messages.length} received:\n${subjects.join('\n') || '  (none)'}`,
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async take(predicate, timeoutMs) {
      const message = await sink.waitFor(predicate, timeoutMs);
      const index = messages.indexOf(message);
      if (index !== -1) messages.splice(index, 1);
      return message;
    },
    failNextWith(code, message, count = 1) {
      failures = { code, message, count };
    },
    clear() {
      messages.length = 0;
      failures = undefined;
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return sink;
}
