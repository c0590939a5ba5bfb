import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public, type SessionMeta } from '@app/auth';
import {
  AccountsService,
  AuthResultDto,
  LoginDto,
  RefreshDto,
  RegisterDto,
  toOwnProfile,
  type SignedIn,
} from '@app/members';

function sessionMeta(request: Request): SessionMeta {
  return { ip: request.ip, userAgent: request.get('user-agent') };
}

function toAuthResult(result: SignedIn): AuthResultDto {
  return { ...result, member: toOwnProfile(result.member) };
}

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('register')
  @ApiOperation({ summary: 'Create an account and sign in' })
  @ApiResponse({ status: 201, type: AuthResultDto })
  @ApiResponse({ status: 409, description: 'EMAIL_TAKEN' })
  async register(@Body() body: RegisterDto, @Req() request: Request): Promise<AuthResultDto> {
    return toAuthResult(await this.accounts.register(body, sessionMeta(request)));
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiResponse({ status: 200, type: AuthResultDto })
  @ApiResponse({ status: 401, description: 'INVALID_CREDENTIALS' })
  @ApiResponse({ status: 429, description: 'RATE_LIMITED, with Retry-After' })
  async login(@Body() body: LoginDto, @Req() request: Request): Promise<AuthResultDto> {
    return toAuthResult(await this.accounts.login(body, sessionMeta(request)));
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Swap a refresh token for a new pair (the old one stops working)' })
  @ApiResponse({ status: 200, type: AuthResultDto })
  @ApiResponse({ status: 401, description: 'REFRESH_TOKEN_INVALID or REFRESH_TOKEN_REUSED' })
  async refresh(@Body() body: RefreshDto): Promise<AuthResultDto> {
    return toAuthResult(await this.accounts.refresh(body.refreshToken));
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End the session the refresh token belongs to' })
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.accounts.logout(body.refreshToken);
  }
}
