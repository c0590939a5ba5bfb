import type { MessageDto } from './dto/message.dto';
import { fromNewMessageEvent, toNewMessageEvent } from './new-message-event';

const stored: MessageDto = {
  id: '0b6c3f4e-7f1c-4f57-9d0e-1a2b3c4d5e6f',
  channelId: '5d1c7e2a-8b9f-4c3d-a1e2-f3a4b5c6d7e8',
  seq: 42,
  kind: 'user',
  author: {
    id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    displayName: '塩尻 花子',
    avatarUrl: null,
    former: false,
  },
  body: '来週の打ち合わせ、@山田 さんもどうですか？',
  clientMessageId: 'c-1',
  parentId: null,
  replyCount: 0,
  mentions: [],
  reactions: [],
  createdAt: '2026-12-05T01:02:03.456Z',
  editedAt: null,
  deleted: false,
};

describe('message:new on the wire', () => {
  it('leaves out empty and default fields, and the sender-only clientMessageId', () => {
    expect(toNewMessageEvent(stored)).toEqual({
      id: stored.id,
      channelId: stored.channelId,
      seq: 42,
      author: { id: stored.author?.id, displayName: '塩尻 花子' },
      body: stored.body,
      createdAt: stored.createdAt,
    });
  });

  it('keeps what carries information: a reply, mentions, an avatar, a system message', () => {
    const reply: MessageDto = {
      ...stored,
      parentId: '11111111-2222-4333-8444-555555555555',
      author: { ...stored.author!, avatarUrl: 'https://img.example/a.png' },
      mentions: [{ id: '22222222-3333-4444-8555-666666666666', displayName: '山田', former: false }],
    };
    expect(toNewMessageEvent(reply)).toMatchObject({
      parentId: reply.parentId,
      author: { avatarUrl: 'https://img.example/a.png' },
      mentions: [{ id: '22222222-3333-4444-8555-666666666666', displayName: '山田' }],
    });
    const system = toNewMessageEvent({ ...stored, kind: 'system', author: null });
    expect(system.kind).toBe('system');
    expect(system).not.toHaveProperty('author');
  });

  it('is rebuilt into the message as stored, but for the clientMessageId', () => {
    const reply: MessageDto = {
      ...stored,
      parentId: '11111111-2222-4333-8444-555555555555',
      mentions: [{ id: '22222222-3333-4444-8555-666666666666', displayName: '山田', former: false }],
    };
    for (const message of [stored, reply, { ...stored, kind: 'system' as const, author: null }]) {
      expect(fromNewMessageEvent(toNewMessageEvent(message))).toEqual({ ...message, clientMessageId: null });
    }
  });

  it("takes at most three quarters of the whole message's bytes for a short Japanese message", () => {
    const lean = Buffer.byteLength(JSON.stringify(toNewMessageEvent(stored)));
    const whole = Buffer.byteLength(JSON.stringify(stored));
    expect(lean).toBeLessThan(whole * 0.75);
  });
});
