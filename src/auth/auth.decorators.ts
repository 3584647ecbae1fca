import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiParam } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from './authenticated-user';
import { EVENT_ROLES, EventRole } from './event-role.entity';
import { AuthorisedRequest, EventRoleGuard } from './event-role.guard';
import type { EventTargetKind } from './event-targets';
import type { UserRole } from './user.entity';
import {
  AuthorisedTarget,
  CONSOLE_PAGE,
  ConsolePageOptions,
  EVENT_ROLES_REQUIRED,
  EventRoleRequirement,
  PUBLIC_ROUTE,
  USER_ROLES_REQUIRED,
} from './auth.metadata';

/** Anyone may call this route; a valid token, if sent, still identifies the caller. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * A console page (HTML under /console): the caller is whoever the console session cookie names, never a
 * bearer token; every POST must carry its form's CSRF token (403 otherwise); and, unless `anonymous`, a
 * caller not signed in is sent to the sign-in page. The role decorators below apply as on the API.
 */
export const ConsolePage = (options: ConsolePageOptions = {}) => SetMetadata(CONSOLE_PAGE, options);

/** Only accounts with one of these global roles (admins always pass). */
export const RequireUserRole = (...roles: UserRole[]) => applyDecorators(SetMetadata(USER_ROLES_REQUIRED, roles), ApiBearerAuth());

/**
 * Only the users of the event named by the `:id` parameter with one of these roles (admins always
 * pass). Callers who may not see the event get 404; those who may see it (published) but lack the role
 * get 403. No roles: any role at the event.
 */
export function RequireEventRole(...roles: EventRole[]): MethodDecorator & ClassDecorator {
  return RequireEventRoleFor('event', ...roles);
}

/**
 * Like RequireEventRole, for a route whose `:id` names a row of an event (a registration, delegation,
 * session, speaker, outcome document or mailing): the guard finds the row's event, checks the role
 * there before the handler runs, and hands the row's id and event id to @Authorised. An unknown id and
 * a row the caller may not see are both 404 "<Target> not found".
 */
export function RequireEventRoleFor(target: EventTargetKind, ...roles: EventRole[]): MethodDecorator & ClassDecorator {
  const requirement: EventRoleRequirement = { roles: roles.length ? roles : [...EVENT_ROLES], target, param: 'id' };
  const decorators = [SetMetadata(EVENT_ROLES_REQUIRED, requirement), UseGuards(EventRoleGuard), ApiBearerAuth()];
  // Handlers of event routes name `:id` with @Param themselves; the others receive @Authorised instead, so the document learns of it here.
  if (target !== 'event') decorators.push(ApiParam({ name: 'id', type: String }));
  return applyDecorators(...decorators);
}

/**
 * For a console page of a row inside its event (`/console/events/:id/registrations/:registrationId`): as
 * RequireEventRoleFor, with the row's id in `param`; the row must also belong to the event `:id` of the
 * path (404 otherwise), so an organiser cannot reach another event's rows through their own event's pages.
 */
export function RequireEventRoleForRow(target: EventTargetKind, param: string, ...roles: EventRole[]): MethodDecorator & ClassDecorator {
  const requirement: EventRoleRequirement = { roles: roles.length ? roles : [...EVENT_ROLES], target, param, withinEvent: 'id' };
  return applyDecorators(SetMetadata(EVENT_ROLES_REQUIRED, requirement), UseGuards(EventRoleGuard));
}

/** The authenticated caller (undefined on a public route called anonymously). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser | undefined => {
  return context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedUser }>().user;
});

/** What @RequireEventRole / @RequireEventRoleFor authorised: the target's id and its event's id. */
export const Authorised = createParamDecorator((_data: unknown, context: ExecutionContext): AuthorisedTarget => {
  const target = context.switchToHttp().getRequest<AuthorisedRequest>().authorised;
  if (!target) throw new Error('@Authorised() needs @RequireEventRole or @RequireEventRoleFor on the route');
  return target;
});
