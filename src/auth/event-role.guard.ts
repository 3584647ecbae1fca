import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from './authenticated-user';
import { ApiError } from '../common/errors/api-error';
import { EventAccessService } from './event-access.service';
import { EVENT_TARGETS } from './event-targets';
import { AuthorisedAccess, CONSOLE_PAGE, EVENT_ROLES_REQUIRED, EventRoleRequirement } from './auth.metadata';

export type AuthorisedRequest = FastifyRequest & { user?: AuthenticatedUser; authorised?: AuthorisedAccess };

/**
 * Enforces @RequireEventRole and @RequireEventRoleFor: resolves the route's id to its event, checks the
 * caller's role there and leaves what it found on the request for @Authorised. Guards run before the
 * handler, so a caller without the role is answered before any service takes a lock or writes.
 */
@Injectable()
export class EventRoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: EventAccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<EventRoleRequirement | undefined>(EVENT_ROLES_REQUIRED, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!requirement) return true;
    const request = context.switchToHttp().getRequest<AuthorisedRequest>();
    const id = (request.params as Record<string, string>)[requirement.param];
    // On a console page, people outside the event's team get 404 (see verdict).
    const teamOnly =
      this.reflector.getAllAndOverride<object | undefined>(CONSOLE_PAGE, [context.getHandler(), context.getClass()]) !== undefined;
    request.authorised = await this.access.authorise(requirement.target, id, request.user, requirement.roles, { teamOnly });
    if (requirement.withinEvent && (request.params as Record<string, string>)[requirement.withinEvent] !== request.authorised.eventId) {
      throw ApiError.notFound(EVENT_TARGETS[requirement.target].what);
    }
    return true;
  }
}
