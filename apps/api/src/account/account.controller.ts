import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentMember, Public, type AuthMember } from '@app/auth';
import {
  AccountSecurityService,
  ChangeEmailDto,
  ChangePasswordDto,
  EmailChangeDto,
  EmailVerifiedDto,
  LinkTokenDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  SessionListDto,
} from '@app/members';
import { parseUuid } from '../common/parse-uuid.pipe';

/** Same answer for every accepted request (the reset one must not tell whether an address exists). */
const ACCEPTED = { accepted: true } as const;

/** Address verification, password reset and change, address change, and the member's sessions. */
@ApiTags('account')
@Controller()
export class AccountController {
  constructor(private readonly security: AccountSecurityService) {}

  @Public()
  @Post('auth/verify-email')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Confirm an address with the token from the verification mail' })
  @ApiResponse({ status: 200, type: EmailVerifiedDto })
  @ApiResponse({ status: 400, description: 'INVALID_LINK_TOKEN: unknown, expired, used or superseded' })
  @ApiResponse({ status: 409, description: 'EMAIL_TAKEN: the new address was taken meanwhile' })
  async verifyEmail(@Body() body: LinkTokenDto): Promise<EmailVerifiedDto> {
    const member = await this.security.verifyEmail(body.token);
    return { email: member.email, emailVerified: member.emailVerifiedAt !== null };
  }

  @ApiBearerAuth()
  @Post('auth/verify-email/resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send the verification mail again (to a pending new address, if any)' })
  @ApiResponse({ status: 202 })
  @ApiResponse({ status: 409, description: 'EMAIL_ALREADY_VERIFIED' })
  @ApiResponse({ status: 429, description: 'RATE_LIMITED, with Retry-After' })
  async resendVerification(@CurrentMember() caller: AuthMember): Promise<typeof ACCEPTED> {
    await this.security.resendVerification(caller.id);
    return ACCEPTED;
  }

  @Public()
  @Post('auth/password-reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Mail a reset link, if the address has an account (the answer is the same either way)',
  })
  @ApiResponse({ status: 202 })
  @ApiResponse({ status: 429, description: 'RATE_LIMITED, with Retry-After' })
  async requestPasswordReset(
    @Body() body: PasswordResetRequestDto,
    @Req() request: Request,
  ): Promise<typeof ACCEPTED> {
    await this.security.requestPasswordReset(body.email, request.ip);
    return ACCEPTED;
  }

  @Public()
  @Post('auth/password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with the token from the reset mail; every session ends' })
  @ApiResponse({ status: 204 })
  @ApiResponse({
    status: 400,
    description: 'INVALID_LINK_TOKEN: unknown, expired, used, or the password changed since',
  })
  async confirmPasswordReset(@Body() body: PasswordResetConfirmDto): Promise<void> {
    await this.security.resetPassword(body.token, body.password);
  }

  @ApiBearerAuth()
  @Patch('members/me/password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change my password; my other sessions end, this one stays' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 403, description: 'PASSWORD_INCORRECT (details.fields names currentPassword)' })
  async changePassword(@CurrentMember() caller: AuthMember, @Body() body: ChangePasswordDto): Promise<void> {
    await this.security.changePassword(caller, body.currentPassword, body.newPassword);
  }

  @ApiBearerAuth()
  @Patch('members/me/email')
  @ApiOperation({ summary: 'Move to another address: it takes over once verified from the mail sent to it' })
  @ApiResponse({ status: 200, type: EmailChangeDto })
  @ApiResponse({ status: 403, description: 'PASSWORD_INCORRECT' })
  @ApiResponse({ status: 409, description: 'EMAIL_TAKEN' })
  async changeEmail(
    @CurrentMember() caller: AuthMember,
    @Body() body: ChangeEmailDto,
  ): Promise<EmailChangeDto> {
    const member = await this.security.changeEmail(caller.id, body.email, body.password);
    return { email: member.email, pendingEmail: member.pendingEmail ?? body.email };
  }

  @ApiBearerAuth()
  @Get('members/me/sessions')
  @ApiOperation({ summary: 'My signed-in devices, most recently used first' })
  @ApiResponse({ status: 200, type: SessionListDto })
  async sessions(@CurrentMember() caller: AuthMember): Promise<SessionListDto> {
    const sessions = await this.security.sessionsOf(caller);
    return {
      items: sessions.map((session) => ({
        id: session.id,
        createdAt: session.createdAt.toISOString(),
        lastUsedAt: session.lastUsedAt.toISOString(),
        userAgent: session.userAgent,
        current: session.current,
      })),
    };
  }

  @ApiBearerAuth()
  @Delete('members/me/sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign one of my devices out (its refresh stops working)' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 404, description: 'SESSION_NOT_FOUND: not mine, or already ended' })
  async endSession(
    @CurrentMember() caller: AuthMember,
    @Param('id', parseUuid('The session id')) id: string,
  ): Promise<void> {
    await this.security.endSession(caller.id, id);
  }
}
