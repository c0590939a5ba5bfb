import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches } from 'class-validator';
import { MaxChars, PageQueryDto, Trim } from '@app/common';
import { SLUG } from './theme.dto';

export const INVITATION_STATES = ['pending', 'accepted', 'expired', 'revoked'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

export class CreateInvitationDto {
  @ApiProperty({ example: 'friend@example.jp', maxLength: 254 })
  @Trim()
  @IsEmail()
  @MaxChars(254)
  email!: string;

  @ApiPropertyOptional({ description: 'The theme the invitee will follow (owners: one of theirs)' })
  @IsOptional()
  @IsString()
  @MaxChars(60)
  @Matches(SLUG, { message: 'themeSlug must be a theme slug' })
  themeSlug?: string;

  @ApiPropertyOptional({
    description: 'A personal note shown in the mail and on the registration page',
    maxLength: 1000,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxChars(1000)
  message?: string;
}

export class InvitationsQueryDto extends PageQueryDto {}

export class InvitationThemeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) titleEn!: string | null;
}

/** A person as an invitation shows them; `former`: they left (the client shows 退会したメンバー / Former member). */
export class InvitationPersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() former!: boolean;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: InvitationThemeDto, nullable: true }) theme!: InvitationThemeDto | null;
  @ApiProperty() message!: string;
  @ApiProperty({ enum: INVITATION_STATES }) state!: InvitationState;
  @ApiProperty({ type: InvitationPersonDto, nullable: true }) invitedBy!: InvitationPersonDto | null;
  @ApiProperty({ type: InvitationPersonDto, nullable: true }) acceptedBy!: InvitationPersonDto | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ nullable: true, type: String }) acceptedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
}

export class InvitationPageDto {
  @ApiProperty({ type: [InvitationDto] }) items!: InvitationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class InvitationPreviewQueryDto {
  @ApiProperty({ description: 'The token from the mail link' })
  @IsString()
  @MaxChars(200)
  token!: string;
}

/** What the registration page shows of a pending invitation. */
export class InvitationPreviewDto {
  @ApiProperty() email!: string;
  @ApiProperty({ type: InvitationThemeDto, nullable: true }) theme!: InvitationThemeDto | null;
  @ApiProperty({ description: 'Who invited' }) invitedBy!: string;
  @ApiProperty() message!: string;
  @ApiProperty() expiresAt!: string;
}
