import type { EventRole } from './event-role.entity';

export const PUBLIC_ROUTE = 'plenary:public';
export const USER_ROLES_REQUIRED = 'plenary:user-roles';
export const EVENT_ROLES_REQUIRED = 'plenary:event-roles';

export interface EventRoleRequirement {
  roles: EventRole[];
  /** The route parameter holding the event id. */
  param: string;
}
