import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { cookieOf } from '../common/cookies';
import { CsrfService } from '../common/csrf.service';
import { CONSOLE_PAGE, ConsolePageOptions, PUBLIC_ROUTE, USER_ROLES_REQUIRED } from './auth.metadata';
import type { AuthenticatedUser } from './authenticated-user';
import { ConsoleSessions, SESSION_COOKIE } from './console-sessions.service';
import { SignInRequired } from './sign-in-required';
import type { UserRole } from './user.entity';

interface AccessTokenClaims {
  sub: string;
  email: string;
  role: UserRole;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The global guard: every route needs a valid bearer token unless marked @Public(), so a new route
 * cannot ship unguarded by accident; console pages (@ConsolePage) identify the caller by their session
 * cookie instead, and check the CSRF token of every POST. Also enforces @RequireUserRole.
 *
 * A valid token is checked against its account with one primary-key lookup: a disabled (or deleted)
 * account's tokens are refused at once, on every instance, and the role is the account's current one
 * (an admin's change applies to tokens already issued). No cache: it would not be shared by instances.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly sessions: ConsoleSessions,
    private readonly csrf: CsrfService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    const targets = [context.getHandler(), context.getClass()];
    const consolePage = this.reflector.getAllAndOverride<ConsolePageOptions | undefined>(CONSOLE_PAGE, targets);
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true;
    const token = bearerToken(request.headers.authorization);

    if (consolePage) {
      if (!SAFE_METHODS.has(request.method)) this.csrf.verify(request, (request.body as Record<string, unknown> | undefined)?._csrf);
      request.user = (await this.sessions.resolve(cookieOf(request, SESSION_COOKIE))) ?? undefined;
      if (!request.user && !consolePage.anonymous) throw new SignInRequired(SAFE_METHODS.has(request.method) ? request.url : '/console');
    } else if (token) {
      request.user = await this.verify(token);
    } else if (!isPublic) {
      throw ApiError.unauthorized();
    }

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(USER_ROLES_REQUIRED, targets);
    if (roles && request.user?.role !== 'admin' && !roles.includes(request.user?.role as UserRole)) {
      throw ApiError.forbidden(`This needs the ${roles.join(' or ')} account role`);
    }
    return true;
  }

  private async verify(token: string): Promise<AuthenticatedUser> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      throw ApiError.unauthorized('The access token is invalid or has expired');
    }
    const rows = await this.dataSource.query<{ email: string; role: UserRole }[]>(
      'SELECT email, role FROM app_user WHERE id = $1 AND disabled_at IS NULL',
      [claims.sub],
    );
    if (rows.length === 0) throw ApiError.unauthorized('The access token is invalid or has expired');
    return { id: claims.sub, email: rows[0].email, role: rows[0].role };
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
