import type { EventRole } from '../auth/event-role.entity';

/** Who reviews accreditation at an event (the console's Accreditation tab and the accredit/return routes). */
export const ACCREDITATION_ROLES: readonly EventRole[] = ['organiser', 'accreditation'];
