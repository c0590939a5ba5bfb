import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MinLength } from 'class-validator';
import { MaxChars, Trim } from '@app/common';

/** The token of a mailed link (verification or reset). */
export class LinkTokenDto {
  @ApiProperty({ description: 'The `token` of the link in the mail' })
  @IsString()
  @MinLength(1)
  @MaxChars(200)
  token!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'hanako@example.jp' })
  @Trim()
  @IsString()
  @MaxChars(254)
  email!: string;
}

export class PasswordResetConfirmDto extends LinkTokenDto {
  @ApiProperty({ minLength: 8, maxLength: 200 })
  @IsString()
  @MinLength(8)
  @MaxChars(200)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxChars(200)
  currentPassword!: string;

  @ApiProperty({ minLength: 8, maxLength: 200 })
  @IsString()
  @MinLength(8)
  @MaxChars(200)
  newPassword!: string;
}

export class ChangeEmailDto {
  @ApiProperty({ example: 'hanako@example.jp', maxLength: 254 })
  @Trim()
  @IsEmail()
  @MaxChars(254)
  email!: string;

  @ApiProperty({ description: 'The current password' })
  @IsString()
  @MaxChars(200)
  password!: string;
}

export class EmailVerifiedDto {
  @ApiProperty() email!: string;
  @ApiProperty() emailVerified!: boolean;
}

export class EmailChangeDto {
  @ApiProperty({ description: 'Still the address in use until the new one is verified' }) email!: string;
  @ApiProperty({ description: 'The address waiting for its verification' }) pendingEmail!: string;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'The last refresh of its access token' }) lastUsedAt!: string;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;
  @ApiProperty({ description: 'The session of this request' }) current!: boolean;
}

export class SessionListDto {
  @ApiProperty({ type: () => [SessionDto] }) items!: SessionDto[];
}
