import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../common/errors/api-error';
import { PUBLIC_ROUTE, USER_ROLES_REQUIRED } from './auth.metadata';
import type { AuthenticatedUser } from './authenticated-user';
import type { UserRole } from './user.entity';

interface AccessTokenClaims {
  sub: string;
  email: string;
  role: UserRole;
}

/**
 * The global guard: every route needs a valid bearer token unless marked @Public(), so a new route
 * cannot ship unguarded by accident. Also enforces @RequireUserRole.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true;
    const token = bearerToken(request.headers.authorization);

    if (token) {
      request.user = await this.verify(token);
    } else if (!isPublic) {
      throw ApiError.unauthorized();
    }

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(USER_ROLES_REQUIRED, targets);
    if (roles && request.user?.role !== 'admin' && !roles.includes(request.user!.role)) {
      throw ApiError.forbidden(`This needs the ${roles.join(' or ')} account role`);
    }
    return true;
  }

  private async verify(token: string): Promise<AuthenticatedUser> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
      return { id: claims.sub, email: claims.email, role: claims.role };
    } catch {
      throw ApiError.unauthorized('The access token is invalid or has expired');
    }
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
