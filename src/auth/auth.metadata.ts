import type { EventRole } from './event-role.entity';
import type { EventTargetKind } from './event-targets';

export const PUBLIC_ROUTE = 'plenary:public';
export const USER_ROLES_REQUIRED = 'plenary:user-roles';
export const EVENT_ROLES_REQUIRED = 'plenary:event-roles';
export const CONSOLE_PAGE = 'plenary:console-page';

/** How a console route identifies its caller (see @ConsolePage). */
export interface ConsolePageOptions {
  /** For people not signed in (the sign-in page, a password reset). */
  anonymous?: boolean;
}

export interface EventRoleRequirement {
  roles: EventRole[];
  /** What the route parameter names: an event, or a row of one (see EVENT_TARGETS). */
  target: EventTargetKind;
  /** The route parameter holding the target's id. */
  param: string;
  /** The route parameter naming the event the target must belong to (404 when it does not). */
  withinEvent?: string;
}

/** What the guard found and authorised, for the handler (see @Authorised). */
export interface AuthorisedTarget {
  /** The id from the route, known to exist. */
  id: string;
  /** The event it belongs to (the id itself for an event). */
  eventId: string;
}

/** What the guard leaves on the request: the target, and the caller's roles at its event (an admin may hold none). */
export interface AuthorisedAccess extends AuthorisedTarget {
  roles: EventRole[];
}
