/**
 * The baseline of the chat fan-out benchmark (test/bench/chat-fanout.ts): a plain Socket.IO server of the same
 * version as the api's, with the same `/chat` events and rooms, but no Redis adapter, no database, no auth and
 * no validation. `message:send` is broadcast to the rest of the channel's room, then acked, as the api does
 * after storing the message. Run by the benchmark as its own process: `node bare-server.js <port>`.
 */
import { createServer } from 'node:http';
import { Server, type Socket } from 'socket.io';

type Ack = (response: object) => void;

interface ChannelPayload {
  channelId?: unknown;
}

const port = Number(process.argv[2] ?? process.env.PORT ?? 0);
const httpServer = createServer();
// The api's limit (SOCKET_MAX_PAYLOAD_BYTES default); every other option is Socket.IO's default, like the api's.
const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 });

function room(payload: unknown): string | null {
  const channelId = (payload as ChannelPayload | null)?.channelId;
  return typeof channelId === 'string' && channelId ? `channel:${channelId}` : null;
}

io.of('/chat').on('connection', (socket: Socket) => {
  socket.on('channel:join', (payload: unknown, ack?: Ack) => {
    const name = room(payload);
    if (!name) return ack?.({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'channelId' } });
    void socket.join(name);
    ack?.({ ok: true });
  });
  socket.on('message:send', (payload: unknown, ack?: Ack) => {
    const name = room(payload);
    if (!name) return ack?.({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'channelId' } });
    socket.to(name).emit('message:new', payload);
    ack?.({ ok: true, message: payload });
  });
});

httpServer.listen(port, '127.0.0.1', () => {
  const address = httpServer.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`bare socket.io server listening on ${bound}\n`);
});

function stop(): void {
  void io.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
