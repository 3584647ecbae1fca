import { Body, Controller, HttpCode, Post, Put, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { RateLimitGuard } from '../common/rate-limit.guard';
import { CurrentUser, Public } from './auth.decorators';
import { AcceptedResponse, AcceptInvitationDto, ChangePasswordDto, PasswordResetDto, PasswordResetRequestDto } from './auth.dto';
import type { AuthenticatedUser } from './authenticated-user';
import { PasswordsService } from './passwords.service';

const LIMITED = 'Too many attempts from this address (LOGIN_RATE_LIMIT per minute)';
const LINK_GONE = 'ACCOUNT_LINK_INVALID: the link is unknown, used already or expired';

/** Passwords: reset by mail, an invited team member's first password, a change by the account itself. */
@ApiTags('auth')
@Controller('auth')
export class AccountsController {
  constructor(private readonly passwords: PasswordsService) {}

  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ registration: true })
  @ApiAcceptedResponse({ type: AcceptedResponse, description: 'The same answer whether or not an account has the email' })
  @ApiTooManyRequestsResponse({ description: LIMITED })
  async requestPasswordReset(@Body() dto: PasswordResetRequestDto): Promise<AcceptedResponse> {
    await this.passwords.requestPasswordReset(dto.email);
    return { message: 'If an account has this email, a link to choose a new password is on its way' };
  }

  @Post('password-reset/complete')
  @Public()
  @HttpCode(204)
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ registration: true })
  @ApiNoContentResponse({ description: 'The password is set; the link is used up' })
  @ApiGoneResponse({ description: LINK_GONE })
  @ApiTooManyRequestsResponse({ description: LIMITED })
  async resetPassword(@Body() dto: PasswordResetDto): Promise<void> {
    await this.passwords.resetPassword(dto.token, dto.password);
  }

  @Post('invitations/accept')
  @Public()
  @HttpCode(204)
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ registration: true })
  @ApiNoContentResponse({ description: 'The password (and name) are set; log in with POST /auth/login' })
  @ApiGoneResponse({ description: LINK_GONE })
  @ApiTooManyRequestsResponse({ description: LIMITED })
  async acceptInvitation(@Body() dto: AcceptInvitationDto): Promise<void> {
    await this.passwords.acceptInvitation(dto.token, dto.password, dto.fullName);
  }

  @Put('password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The password is changed' })
  @ApiBadRequestResponse({ description: 'currentPassword is wrong, or newPassword breaks the rule' })
  async changePassword(@Body() dto: ChangePasswordDto, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.passwords.changePassword(user.id, dto.currentPassword, dto.newPassword);
  }
}
