import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { PageQueryDto, MaxChars } from '@app/common';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

export const MAX_BODY_LENGTH = 4000;
/** Seqs are bigints in PostgreSQL and numbers here: anything above this is no seq (and 1e20 overflowed SQL). */
export const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/** 1–4,000 characters with at least one that is not white space. */
function MessageBody(): PropertyDecorator {
  return (target, property) => {
    IsString()(target, property);
    MaxChars(MAX_BODY_LENGTH)(target, property);
    Matches(/\S/, { message: '$property must not be empty' })(target, property);
  };
}

/** Unicode emoji (with modifiers, joiners and keycaps; at least one pictograph) or a :short_code:. */
export const EMOJI =
  /^(?:(?=.*(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3))(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\u200d|\ufe0f|\u20e3){1,16}|:[a-z0-9_+-]{1,30}:)$/u;

export class JoinChannelDto {
  @IsUUID() channelId!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  afterSeq?: number;
}

export class ChannelRefDto {
  @IsUUID() channelId!: string;
}

export class SendMessageDto {
  @IsUUID() channelId!: string;

  @MessageBody() body!: string;

  /** Chosen by the client per message; a retry with the same id returns the first message. */
  @IsString()
  @MinLength(1)
  @MaxChars(100)
  clientMessageId!: string;

  @IsOptional()
  @IsUUID()
  parentId?: string;

  /** Structured mentions (member ids), in addition to `@display name` in the body. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  mentions?: string[];
}

export class EditMessageDto {
  @IsUUID() messageId!: string;
  @MessageBody() body!: string;
}

export class MessageRefDto {
  @IsUUID() messageId!: string;
}

export class ReactionDto {
  @IsUUID() messageId!: string;

  @IsString()
  @Matches(EMOJI, { message: 'emoji must be an emoji or a :short_code:' })
  emoji!: string;
}

export class ReadChannelDto {
  @IsUUID() channelId!: string;

  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  seq!: number;
}

export class HistoryQueryDto {
  @ApiPropertyOptional({ description: 'Messages before this seq (older page)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SEQ)
  beforeSeq?: number;

  @ApiPropertyOptional({ description: 'Messages after this seq (newer page, or catch-up)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  afterSeq?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class SearchQueryDto extends PageQueryDto {
  @ApiProperty({
    description: 'At least 2 characters; Japanese or English substring',
    minLength: 2,
    maxLength: 100,
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(2)
  @MaxChars(100)
  q!: string;

  @ApiPropertyOptional({ description: 'Only this theme (slug)' })
  @IsOptional()
  @IsString()
  @MaxChars(60)
  theme?: string;
}

export class AuthorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ nullable: true, type: String }) avatarUrl!: string | null;
  @ApiProperty({ description: 'The author left the salon: show 退会したメンバー / "Former member"' })
  former!: boolean;
}

export class ReactionSummaryDto {
  @ApiProperty() emoji!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ type: [String] }) memberIds!: string[];
}

export class MentionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'The member left the salon' }) former!: boolean;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty({ description: 'Per channel, strictly increasing, no gaps among committed messages' })
  seq!: number;
  @ApiProperty({ enum: ['user', 'system'] }) kind!: 'user' | 'system';
  @ApiProperty({ type: AuthorDto, nullable: true }) author!: AuthorDto | null;
  @ApiProperty({ description: 'Empty when deleted' }) body!: string;
  @ApiProperty({ nullable: true, type: String }) clientMessageId!: string | null;
  @ApiProperty({ nullable: true, type: String }) parentId!: string | null;
  @ApiProperty() replyCount!: number;
  @ApiProperty({ type: [MentionDto] }) mentions!: MentionDto[];
  @ApiProperty({ type: [ReactionSummaryDto] }) reactions!: ReactionSummaryDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) editedAt!: string | null;
  @ApiProperty() deleted!: boolean;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto] }) items!: MessageDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor?: string | null;
}

export class ThreadDto {
  @ApiProperty({ type: MessageDto }) parent!: MessageDto;
  @ApiProperty({ type: [MessageDto] }) items!: MessageDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor?: string | null;
}

export class SearchHitDto extends MessageDto {
  @ApiProperty() themeSlug!: string;
  @ApiProperty() channelName!: string;
}

export class MessageLocationDto {
  @ApiProperty() themeSlug!: string;
  @ApiProperty() themeTitle!: string;
  @ApiProperty() channelSlug!: string;
  @ApiProperty() channelName!: string;
}

/** A permalink's answer: the message and where to open it (its thread too when `parentId` is set). */
export class LocatedMessageDto extends MessageLocationDto {
  @ApiProperty({ type: MessageDto }) message!: MessageDto;
}

export class MentionHitDto extends MessageDto {
  @ApiProperty() themeSlug!: string;
  @ApiProperty() themeTitle!: string;
  @ApiProperty() channelSlug!: string;
  @ApiProperty() channelName!: string;
  @ApiProperty({ description: 'After my read marker in its channel' }) unread!: boolean;
}

export class MentionPageDto {
  @ApiProperty({ type: [MentionHitDto] }) items!: MentionHitDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor?: string | null;
}

export class SearchPageDto {
  @ApiProperty({ type: [SearchHitDto] }) items!: SearchHitDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor?: string | null;
}

export class UnreadDto {
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty() lastReadSeq!: number;
  @ApiProperty({ description: 'Messages of others after my read marker' }) unread!: number;
  @ApiProperty({ description: 'Of those, the ones that mention me' }) mentions!: number;
}
