import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { AccountTokensService } from '../auth/account-tokens.service';
import { ConsolePage, RequireUserRole } from '../auth/auth.decorators';
import { AcceptInvitationDto, ChangePasswordDto, PasswordResetDto, PasswordResetRequestDto } from '../auth/auth.dto';
import type { ConsoleUser } from '../auth/console-sessions.service';
import { ConsoleSessions } from '../auth/console-sessions.service';
import { PasswordsService } from '../auth/passwords.service';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from '../auth/user.dto';
import { USER_ROLES } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import type { FieldError } from '../common/errors/api-error';
import { ApiError } from '../common/errors/api-error';
import { RateLimitGuard } from '../common/rate-limit.guard';
import { validateBody } from '../common/validate-body';
import { EventsService } from '../events/events.service';
import { ConsoleRequest, SignedIn } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { fieldErrorsOf, messagesByField, one, Posted } from './console-forms';
import { ConsoleViews, seeOther } from './console-views.service';

/** What a finished action tells the user (`?done=`): fixed texts, never user input. */
const NOTICES: Record<string, string> = {
  'password-changed': 'Password changed. You stay signed in here; every other sign-in of your account has ended.',
  'password-reset': 'Your new password is set and you are signed in. Every other sign-in of your account has ended.',
  'user-created': 'Account created.',
  'role-changed': 'Role changed.',
  disabled: 'Account disabled: it can no longer sign in, and its open sign-ins have ended.',
  enabled: 'Account enabled again.',
};

const ROLE_LABELS: Record<string, string> = { admin: 'Admin', organiser: 'Organiser', member: 'Member' };
const MISMATCH = 'does not match the new password';

/** A password as posted: never trimmed (spaces are part of it), never shown again. */
const secret = (form: Posted | undefined, name: string) => {
  const value = form?.[name];
  return typeof value === 'string' ? value : '';
};

/**
 * Accounts on the console: forgetting and resetting a password and accepting a team invitation (anonymous,
 * from the links the mails carry), the signed-in user's own account, and the admins' list of accounts.
 * Every rule is the API's: the same DTOs and PasswordsService, AccountTokensService and UsersService.
 */
@ApiExcludeController()
@Controller('console')
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
export class ConsoleAccountsController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly passwords: PasswordsService,
    private readonly tokens: AccountTokensService,
    private readonly sessions: ConsoleSessions,
    private readonly users: UsersService,
    private readonly events: EventsService,
  ) {}

  // ---- Forgotten password (anonymous) ----

  @Get('password/forgot')
  @ConsolePage({ anonymous: true })
  forgotPage(@Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    return this.views.page(request, reply, 'password-forgot', { title: 'Forgot your password?', email: '' });
  }

  @Post('password/forgot')
  @ConsolePage({ anonymous: true })
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ registration: true })
  async forgot(@Body() form: Posted, @Req() request: ConsoleRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const email = one(form, 'email') ?? '';
    const { dto, errors } = await validateBody(PasswordResetRequestDto, { email });
    if (errors.length > 0) {
      const byField = messagesByField(errors);
      return this.views.page(
        request,
        reply,
        'password-forgot',
        { title: 'Forgot your password?', email, errors: byField, hasErrors: true },
        400,
      );
    }
    await this.passwords.requestPasswordReset(dto.email);
    // The same page whether or not an account has the address.
    return this.views.page(request, reply, 'password-forgot-sent', { title: 'Check your email' });
  }

  // ---- Reset link from the mail (anonymous) ----

  @Get('password/reset/:token')
  @ConsolePage({ anonymous: true })
  async resetPage(
    @Param('token') token: string,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const peek = await this.tokens.peek(token, 'password_reset');
    if (!peek) return this.linkInvalid(request, reply, 'reset');
    return this.views.page(request, reply, 'password-reset', { title: 'Choose a new password', email: peek.email, action: request.url });
  }

  @Post('password/reset/:token')
  @ConsolePage({ anonymous: true })
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ registration: true })
  async reset(
    @Param('token') token: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const password = secret(form, 'password');
    const { dto, errors } = await validateBody(PasswordResetDto, { token, password });
    if (secret(form, 'confirmPassword') !== password) errors.push({ field: 'confirmPassword', message: MISMATCH });
    if (errors.length === 0) {
      try {
        const { userId } = await this.passwords.resetPassword(dto.token, dto.password);
        // Whoever knew the old password is signed out everywhere; the owner of the mailbox is signed in here.
        await this.sessions.revokeAllOf(userId);
        void reply.header('set-cookie', await this.sessions.switchTo(request.user, userId));
        return seeOther(reply, '/console/account?done=password-reset');
      } catch (error) {
        if (error instanceof ApiError && error.code === 'ACCOUNT_LINK_INVALID') return this.linkInvalid(request, reply, 'reset');
        throw error;
      }
    }
    const peek = await this.tokens.peek(token, 'password_reset');
    if (!peek) return this.linkInvalid(request, reply, 'reset');
    return this.views.page(
      request,
      reply,
      'password-reset',
      { title: 'Choose a new password', email: peek.email, action: request.url, errors: passwordErrors(errors), hasErrors: true },
      400,
    );
  }

  // ---- Team invitation link from the mail (anonymous) ----

  @Get('invitations/:token')
  @ConsolePage({ anonymous: true })
  async invitationPage(
    @Param('token') token: string,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const peek = await this.tokens.peek(token, 'team_invitation');
    if (!peek) return this.linkInvalid(request, reply, 'invitation');
    return this.views.page(request, reply, 'invitation', {
      title: 'Join the team',
      email: peek.email,
      fullName: peek.fullName,
      eventTitle: await this.eventTitle(peek.eventId),
      action: request.url,
    });
  }

  @Post('invitations/:token')
  @ConsolePage({ anonymous: true })
  @UseGuards(RateLimitGuard)
  @SkipThrottle({ registration: true })
  async acceptInvitation(
    @Param('token') token: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const password = secret(form, 'password');
    const fullName = one(form, 'fullName') ?? '';
    const { dto, errors } = await validateBody(AcceptInvitationDto, { token, password, ...(fullName ? { fullName } : {}) });
    if (secret(form, 'confirmPassword') !== password) errors.push({ field: 'confirmPassword', message: MISMATCH });
    if (errors.length === 0) {
      try {
        const { userId } = await this.passwords.acceptInvitation(dto.token, dto.password, dto.fullName);
        void reply.header('set-cookie', await this.sessions.switchTo(request.user, userId));
        return seeOther(reply, '/console');
      } catch (error) {
        if (error instanceof ApiError && error.code === 'ACCOUNT_LINK_INVALID') return this.linkInvalid(request, reply, 'invitation');
        throw error;
      }
    }
    const peek = await this.tokens.peek(token, 'team_invitation');
    if (!peek) return this.linkInvalid(request, reply, 'invitation');
    return this.views.page(
      request,
      reply,
      'invitation',
      {
        title: 'Join the team',
        email: peek.email,
        fullName,
        eventTitle: await this.eventTitle(peek.eventId),
        action: request.url,
        errors: passwordErrors(errors),
        hasErrors: true,
      },
      400,
    );
  }

  // ---- The signed-in user's account ----

  @Get('account')
  accountPage(
    @SignedIn() user: ConsoleUser,
    @Query('done') done: string | undefined,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    return this.views.page(request, reply, 'account', {
      title: 'Your account',
      account: { ...user, roleLabel: ROLE_LABELS[user.role] ?? user.role },
      notice: done ? NOTICES[done] : undefined,
    });
  }

  @Post('account/password')
  async changePassword(
    @SignedIn() user: ConsoleUser,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const newPassword = secret(form, 'newPassword');
    const { dto, errors } = await validateBody(ChangePasswordDto, { currentPassword: secret(form, 'currentPassword'), newPassword });
    if (secret(form, 'confirmPassword') !== newPassword) errors.push({ field: 'confirmPassword', message: MISMATCH });
    if (errors.length === 0) {
      try {
        await this.passwords.changePassword(user.id, dto.currentPassword, dto.newPassword);
        await this.sessions.revokeAllOf(user.id, user.sessionId);
        return seeOther(reply, '/console/account?done=password-changed');
      } catch (error) {
        const fields = fieldErrorsOf(error, 'currentPassword');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    const byField = messagesByField(errors);
    return this.views.page(
      request,
      reply,
      'account',
      { title: 'Your account', account: { ...user, roleLabel: ROLE_LABELS[user.role] ?? user.role }, errors: byField, hasErrors: true },
      400,
    );
  }

  // ---- Accounts (admins) ----

  @Get('users')
  @RequireUserRole('admin')
  async usersPage(
    @SignedIn() user: ConsoleUser,
    @Query() query: Record<string, string | undefined>,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.renderUsers(request, reply, user, { q: query.q, page: query.page, done: query.done });
  }

  @Post('users')
  @RequireUserRole('admin')
  async createUser(
    @SignedIn() user: ConsoleUser,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const values = {
      email: one(form, 'email') ?? '',
      fullName: one(form, 'fullName') ?? '',
      role: one(form, 'role') ?? '',
    };
    const { dto, errors } = await validateBody(CreateUserDto, { ...values, password: secret(form, 'password') });
    if (errors.length === 0) {
      try {
        const created = await this.users.create(dto);
        return seeOther(reply, `/console/users?done=user-created&q=${encodeURIComponent(created.email)}`);
      } catch (error) {
        const fields = fieldErrorsOf(error, 'email');
        if (!fields) throw error;
        errors.push(...fields);
      }
    }
    return this.renderUsers(request, reply, user, {}, { values, errors: messagesByField(errors) }, 400);
  }

  @Post('users/:userId')
  @RequireUserRole('admin')
  async updateUser(
    @SignedIn() user: ConsoleUser,
    @Param('userId') userId: string,
    @Body() form: Posted,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const action = one(form, 'action');
    const body = action === 'disable' ? { disabled: true } : action === 'enable' ? { disabled: false } : { role: one(form, 'role') ?? '' };
    const back = { q: one(form, 'q'), page: one(form, 'page') };
    const { dto, errors } = await validateBody(UpdateUserDto, body);
    if (errors.length === 0) {
      try {
        await this.users.update(user, userId, dto);
        const done = action === 'disable' ? 'disabled' : action === 'enable' ? 'enabled' : 'role-changed';
        const search = new URLSearchParams({ done, ...(back.q ? { q: back.q } : {}), ...(back.page ? { page: back.page } : {}) });
        return seeOther(reply, `/console/users?${search.toString()}`);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'OWN_ACCOUNT')
          return this.renderUsers(
            request,
            reply,
            user,
            back,
            undefined,
            409,
            'You cannot disable your own account or take away your own admin role. Ask another admin.',
          );
        throw error;
      }
    }
    return this.renderUsers(
      request,
      reply,
      user,
      back,
      undefined,
      400,
      `The account could not be changed: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`,
    );
  }

  private async renderUsers(
    request: ConsoleRequest,
    reply: FastifyReply,
    user: ConsoleUser,
    query: { q?: string; page?: string; done?: string },
    form: { values: Record<string, string>; errors: Record<string, string> } = {
      values: { email: '', fullName: '', role: 'member' },
      errors: {},
    },
    status = 200,
    refusal?: string,
  ): Promise<string> {
    const { dto, errors } = await validateBody(ListUsersQuery, {
      ...(query.q ? { q: query.q } : {}),
      ...(query.page ? { page: query.page } : {}),
    });
    // A page number that is not one shows the first page.
    const listQuery =
      errors.length === 0 ? dto : Object.assign(new ListUsersQuery(), { q: errors.some((e) => e.field === 'q') ? undefined : dto.q });
    const list = await this.users.list(listQuery);
    const q = listQuery.q ?? '';
    const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
    const link = (page: number) => `/console/users?${new URLSearchParams({ ...(q ? { q } : {}), page: String(page) }).toString()}`;
    return this.views.page(
      request,
      reply,
      'users',
      {
        title: 'Users',
        notice: query.done ? NOTICES[query.done] : undefined,
        refusal,
        q,
        total: list.total,
        page: list.page,
        pages,
        previous: list.page > 1 ? link(list.page - 1) : null,
        next: list.page < pages ? link(list.page + 1) : null,
        accounts: list.items.map((account) => ({
          ...account,
          self: account.id === user.id,
          roleLabel: ROLE_LABELS[account.role],
          roles: USER_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role], selected: role === account.role })),
          action: `/console/users/${account.id}`,
        })),
        values: form.values,
        errors: form.errors,
        hasErrors: Object.keys(form.errors).length > 0,
        roleOptions: USER_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role], selected: role === form.values.role })),
      },
      status,
    );
  }

  /** The title of the event an invitation is for (null if none, or gone). */
  private async eventTitle(eventId: string | null): Promise<string | null> {
    if (!eventId) return null;
    return (await this.events.getById(eventId).catch(() => null))?.title ?? null;
  }

  private linkInvalid(request: ConsoleRequest, reply: FastifyReply, kind: 'reset' | 'invitation'): string {
    return this.views.page(request, reply, 'link-invalid', { title: 'This link no longer works', invitation: kind === 'invitation' }, 410);
  }
}

/** Errors of a set-password form: the DTO names `password`; the token is the link's, shown as the link being invalid elsewhere. */
function passwordErrors(errors: FieldError[]): Record<string, string> {
  return messagesByField(errors.filter((error) => error.field !== 'token'));
}
