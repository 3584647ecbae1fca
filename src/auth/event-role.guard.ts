import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from './authenticated-user';
import { EventAccessService } from './event-access.service';
import { EVENT_ROLES_REQUIRED, EventRoleRequirement } from './auth.metadata';

/** Enforces @RequireEventRole on the event named by the route parameter. */
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
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    const eventId = (request.params as Record<string, string>)[requirement.param];
    await this.access.assertRole(eventId, request.user, requirement.roles);
    return true;
  }
}
