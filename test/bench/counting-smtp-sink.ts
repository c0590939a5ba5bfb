import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';

/** What a counting sink saw: no message is kept or parsed, except the first one (raw) for a look. */
export interface CountingSink {
  /** `smtp://127.0.0.1:PORT`, ready for SMTP_URL. */
  readonly url: string;
  /** Messages accepted (DATA answered 250). */
  readonly messages: () => number;
  /** Bytes of message data accepted. */
  readonly bytes: () => number;
  /** Messages per envelope recipient: a count above 1 is a digest sent twice. */
  readonly perRecipient: Map<string, number>;
  /** `performance.now()` of the first and of the last accepted message. */
  readonly firstAt: () => number;
  readonly lastAt: () => number;
  /** SMTP connections opened by clients. */
  readonly connections: () => number;
  /** The first accepted message as it came over the wire. */
  readonly sample: () => Buffer | null;
  close(): Promise<void>;
}

/**
 * An SMTP server on 127.0.0.1 that accepts every message and only counts it (messages, bytes, per
 * recipient). test/support/smtp-sink.ts parses each message with mailparser, which costs about as much
 * CPU as building it: in a benchmark that would make the sink the bottleneck and steal CPU from the
 * worker under test on a 2-core machine.
 */
export async function startCountingSink(): Promise<CountingSink> {
  let messages = 0;
  let bytes = 0;
  let connections = 0;
  let firstAt = Number.NaN;
  let lastAt = Number.NaN;
  let sample: Buffer | null = null;
  const perRecipient = new Map<string, number>();

  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    // Pooled clients keep their connections open: close() should not wait the default 30 s for them.
    closeTimeout: 200,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] | null = sample ? null : [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        chunks?.push(chunk);
      });
      stream.on('end', () => {
        messages++;
        bytes += size;
        lastAt = performance.now();
        if (messages === 1) firstAt = lastAt;
        if (chunks && !sample) sample = Buffer.concat(chunks);
        for (const rcpt of session.envelope.rcptTo) {
          const address = rcpt.address.toLowerCase();
          perRecipient.set(address, (perRecipient.get(address) ?? 0) + 1);
        }
        callback();
      });
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    const listener = server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((listener.address() as AddressInfo).port);
    });
  });

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: () => messages,
    bytes: () => bytes,
    perRecipient,
    firstAt: () => firstAt,
    lastAt: () => lastAt,
    connections: () => connections,
    sample: () => sample,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
