import type { EventRole } from '../auth/event-role.entity';

/**
 * Who reviews accreditation at an event (the console's Accreditation tab and the accredit/return routes).
 * When EVENT_ROLES gains the `accreditation` role, add it here: that is the one line to change.
 */
export const ACCREDITATION_ROLES: readonly EventRole[] = ['organiser'];
