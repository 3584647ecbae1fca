import type { Registration } from './registration.entity';

/**
 * Who gets a badge or a visa letter, besides being confirmed (issue 18, src/accreditation/README.md): a
 * registration outside accreditation (`none`) or an accredited member. A member nominated, submitted or
 * returned waits. The single badge (BadgesService.render), the A4 sheet's query (badgeSheetStatements) and
 * the visa letters (src/documents/letters.service.ts) all read this list.
 */
export const BADGE_ACCREDITATION_STATUSES = ['none', 'accredited'] as const;

export function passesAccreditation(registration: Pick<Registration, 'accreditationStatus'>): boolean {
  return (BADGE_ACCREDITATION_STATUSES as readonly string[]).includes(registration.accreditationStatus);
}
