import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, RefreshTokenInvalidError, type SessionMeta } from '@app/auth';
import { DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  AccountsService,
  AuthResultDto,
  LoginDto,
  RefreshDto,
  RegisterDto,
  toOwnProfile,
  type SessionModeDto,
  type SignedIn,
} from '@app/members';
import { RefreshCookie } from './refresh-cookie';

function ignoreDomainError(error: unknown): void {
  if (!(error instanceof DomainError)) throw error;
}

function sessionMeta(request: Request): SessionMeta {
  return { ip: request.ip, userAgent: request.get('user-agent') };
}

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  private readonly cookie: RefreshCookie;

  constructor(
    private readonly accounts: AccountsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cookie = new RefreshCookie(config);
  }

  @Get('registration')
  @ApiOperation({ summary: 'Whether anyone may register (`open`) or only with an invitation (`invite`)' })
  @ApiResponse({ status: 200, description: '{ registration: "open" | "invite" }' })
  registration(): { registration: 'open' | 'invite' } {
    return { registration: this.config.REGISTRATION };
  }

  @Post('register')
  @ApiOperation({ summary: 'Create an account and sign in' })
  @ApiResponse({ status: 201, type: AuthResultDto })
  @ApiResponse({ status: 409, description: 'EMAIL_TAKEN' })
  async register(
    @Body() body: RegisterDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuthResultDto> {
    return this.toAuthResult(await this.accounts.register(body, sessionMeta(request)), body, response);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiResponse({ status: 200, type: AuthResultDto })
  @ApiResponse({ status: 401, description: 'INVALID_CREDENTIALS' })
  @ApiResponse({ status: 429, description: 'RATE_LIMITED, with Retry-After' })
  async login(
    @Body() body: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuthResultDto> {
    return this.toAuthResult(await this.accounts.login(body, sessionMeta(request)), body, response);
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Swap a refresh token (body, or the cookie with `session: "cookie"`) for a new pair',
  })
  @ApiResponse({ status: 200, type: AuthResultDto })
  @ApiResponse({ status: 401, description: 'REFRESH_TOKEN_INVALID or REFRESH_TOKEN_REUSED' })
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuthResultDto> {
    const token = this.refreshTokenOf(body, request);
    const fromCookie = body.refreshToken === undefined && this.fromBrowser(body, request);
    try {
      return this.toAuthResult(await this.accounts.refresh(token, { fromCookie }), body, response);
    } catch (error) {
      // A cookie that no longer works is of no use to the browser.
      if (body.session === 'cookie') this.cookie.clear(response);
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End the session the refresh token (body, or the cookie) belongs to' })
  async logout(
    @Body() body: RefreshDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    if (this.fromBrowser(body, request)) {
      const token = body.refreshToken ?? this.cookie.read(request);
      this.cookie.clear(response);
      // Signing out without a session left (cookie gone or already revoked) is still a sign-out.
      if (token) await this.accounts.logout(token).catch(ignoreDomainError);
      return;
    }
    await this.accounts.logout(this.refreshTokenOf(body, request));
  }

  /**
   * The body's token; a browser may leave it to the cookie with `session: "cookie"` in a JSON body. Only
   * JSON: a cross-site HTML form can post urlencoded fields, but not `application/json` without a CORS
   * preflight (and SameSite=Lax keeps the cookie off cross-site POSTs anyway).
   */
  private refreshTokenOf(body: RefreshDto, request: Request): string {
    const token =
      body.refreshToken ?? (this.fromBrowser(body, request) ? this.cookie.read(request) : undefined);
    if (!token) throw new RefreshTokenInvalidError();
    return token;
  }

  private fromBrowser(body: SessionModeDto, request: Request): boolean {
    return body.session === 'cookie' && request.is('application/json') === 'application/json';
  }

  private toAuthResult(result: SignedIn, mode: SessionModeDto, response: Response): AuthResultDto {
    const member = toOwnProfile(result.member);
    if (mode.session !== 'cookie') return { ...result, member };
    this.cookie.set(response, result.refreshToken);
    return { accessToken: result.accessToken, expiresIn: result.expiresIn, member };
  }
}
