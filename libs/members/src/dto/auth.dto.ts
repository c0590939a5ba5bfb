import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MinLength } from 'class-validator';
import { OwnProfileDto } from './profile.dto';
import { MaxChars, Trim } from '@app/common';

export class RegisterDto {
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
}

export class LoginDto {
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

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MaxChars(2000)
  refreshToken!: string;
}

export class AuthResultDto {
  @ApiProperty({ description: 'Short-lived bearer token for the API and the chat socket' })
  accessToken!: string;

  @ApiProperty({ description: 'Single-use token for POST /api/auth/refresh; rotated on every use' })
  refreshToken!: string;

  @ApiProperty({ description: 'Seconds until the access token expires' })
  expiresIn!: number;

  @ApiProperty({ type: () => OwnProfileDto })
  member!: OwnProfileDto;
}
