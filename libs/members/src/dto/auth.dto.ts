import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { OwnProfileDto } from './profile.dto';

export class RegisterDto {
  @ApiProperty({ example: 'hanako@example.jp', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 8, maxLength: 200 })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password!: string;

  @ApiProperty({ example: '塩尻 花子', minLength: 1, maxLength: 50 })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  displayName!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'hanako@example.jp' })
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MaxLength(2000)
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
