import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from './authenticated-user';
import { EVENT_ROLES, EventRole } from './event-role.entity';
import { EventRoleGuard } from './event-role.guard';
import type { UserRole } from './user.entity';
import { EVENT_ROLES_REQUIRED, EventRoleRequirement, PUBLIC_ROUTE, USER_ROLES_REQUIRED } from './auth.metadata';

/** Anyone may call this route; a valid token, if sent, still identifies the caller. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only accounts with one of these global roles (admins always pass). */
export const RequireUserRole = (...roles: UserRole[]) => applyDecorators(SetMetadata(USER_ROLES_REQUIRED, roles), ApiBearerAuth());

/**
 * Only the event's users with one of these roles (admins always pass). Callers who may not see the
 * event get 404; those who may see it (published) but lack the role get 403.
 */
export function RequireEventRole(...roles: EventRole[]): MethodDecorator & ClassDecorator {
  return RequireEventRoleOn('id', ...roles);
}

export function RequireEventRoleOn(param: string, ...roles: EventRole[]): MethodDecorator & ClassDecorator {
  const requirement: EventRoleRequirement = { roles: roles.length ? roles : [...EVENT_ROLES], param };
  return applyDecorators(SetMetadata(EVENT_ROLES_REQUIRED, requirement), UseGuards(EventRoleGuard), ApiBearerAuth());
}

/** The authenticated caller (undefined on a public route called anonymously). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser | undefined => {
  return context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedUser }>().user;
});
