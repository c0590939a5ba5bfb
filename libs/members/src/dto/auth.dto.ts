import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MinLength, ValidateIf } from 'class-validator';
import { OwnProfileDto } from './profile.dto';
import { MaxChars, Trim } from '@app/common';

export const SESSION_MODES = ['cookie'] as const;

/**
 * `session: "cookie"` is what a browser sends: the refresh token then travels only in an httpOnly cookie
 * (set by the response, read by refresh and logout) and is left out of the JSON body.
 */
export class SessionModeDto {
  @ApiPropertyOptional({ enum: SESSION_MODES, description: 'Browsers: keep the refresh token in a cookie' })
  @IsOptional()
  @IsIn(SESSION_MODES)
  session?: (typeof SESSION_MODES)[number];
}

export class RegisterDto extends SessionModeDto {
  @ApiProperty({ example: 'hanako@example.jp', maxLength: 254 })
  @Trim()
  @IsEmail()
  @MaxChars(254)
  email!: string;

  @ApiProperty({ minLength: 8, maxLength: 200 })
  @IsString()
  @MinLength(8)
  @MaxChars(200)
  password!: string;

  @ApiProperty({ example: '塩尻 花子', minLength: 1, maxLength: 50 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxChars(50)
  displayName!: string;

  @ApiPropertyOptional({
    description:
      'The token of an invitation (from its mail link `/register?invite=…`); required with REGISTRATION=invite',
  })
  @IsOptional()
  @IsString()
  @MaxChars(200)
  inviteToken?: string;
}

export class LoginDto extends SessionModeDto {
  @ApiProperty({ example: 'hanako@example.jp' })
  @Trim()
  @IsString()
  @MaxChars(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxChars(200)
  password!: string;
}

export class RefreshDto extends SessionModeDto {
  @ApiProperty({ description: 'Required unless `session` is "cookie" (then the cookie carries it)' })
  @ValidateIf((dto: RefreshDto) => dto.session !== 'cookie' || dto.refreshToken !== undefined)
  @IsString()
  @MaxChars(2000)
  refreshToken?: string;
}

export class AuthResultDto {
  @ApiProperty({ description: 'Short-lived bearer token for the API and the chat socket' })
  accessToken!: string;

  @ApiPropertyOptional({
    description:
      'Single-use token for POST /api/auth/refresh; rotated on every use. Absent with `session: "cookie"`',
  })
  refreshToken?: string;

  @ApiProperty({ description: 'Seconds until the access token expires' })
  expiresIn!: number;

  @ApiProperty({ type: () => OwnProfileDto })
  member!: OwnProfileDto;
}
