import type { Registration } from './registration.entity';

/**
 * Who gets a badge, besides being confirmed (issue 18, src/accreditation/README.md): a registration outside
 * accreditation (`none`) or an accredited member. A member nominated, submitted or returned waits. The single
 * badge (BadgesService.render) and the A4 sheet's query (badgeSheetStatements) both read this list.
 */
export const BADGE_ACCREDITATION_STATUSES = ['none', 'accredited'] as const;

export function mayHaveBadge(registration: Pick<Registration, 'accreditationStatus'>): boolean {
  return (BADGE_ACCREDITATION_STATUSES as readonly string[]).includes(registration.accreditationStatus);
}
