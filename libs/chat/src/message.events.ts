import type { MessageDto, UnreadDto } from './dto/message.dto';

/** What a stored message changed, as ChatService.send returns it. */
export interface SendResult {
  message: MessageDto;
  /** False when this was a retry of a message already stored: nothing new happened. */
  created: boolean;
  /** Members mentioned for the first time by this message. */
  mentioned: string[];
  /** The thread's parent, with its new reply count, when this is a reply. */
  parent: MessageDto | null;
}

/**
 * A message was stored (a member's or the platform's). `origin` names the connection that sent it, which
 * has the message in its acknowledgement already; the realtime layer tells everyone else.
 */
export class MessageCreated {
  constructor(
    readonly result: SendResult,
    readonly origin: string | null,
  ) {}
}

export class MessageEdited {
  constructor(
    readonly message: MessageDto,
    /** Members mentioned for the first time by the new body. */
    readonly mentioned: string[],
  ) {}
}

export class MessageDeleted {
  constructor(
    readonly message: MessageDto,
    /** The thread's parent with one reply fewer, when the deleted message was a reply. */
    readonly parent: MessageDto | null,
  ) {}
}

export class ReactionChanged {
  constructor(
    readonly message: MessageDto,
    readonly memberId: string,
    readonly emoji: string,
    readonly added: boolean,
  ) {}
}

/** A member's read marker moved: every device of theirs shows the new counts. */
export class ChannelRead {
  constructor(
    readonly memberId: string,
    readonly counts: UnreadDto,
  ) {}
}
