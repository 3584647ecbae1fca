import { SESSION_ROLES, SessionRole } from './session-speaker.entity';

export interface Booked {
  role: SessionRole;
  order: number;
  speaker: { fullName: string; precedence: number | null };
}

/** Precedence (protocol rank): lower first, none last. Also the List of Participants' rule within a delegation (src/documents). */
export const comparePrecedence = (a: number | null, b: number | null): number =>
  (a ?? Number.MAX_SAFE_INTEGER) - (b ?? Number.MAX_SAFE_INTEGER);

const roleRank = new Map<SessionRole, number>(SESSION_ROLES.map((role, index) => [role, index]));

/**
 * Protocol order of a session's speakers: by role (chair, moderator, keynote, speaker, panellist,
 * discussant, rapporteur), then precedence (lower first; none last), then the manual order, then name.
 */
export function compareProtocolOrder(a: Booked, b: Booked): number {
  return (
    roleRank.get(a.role)! - roleRank.get(b.role)! ||
    comparePrecedence(a.speaker.precedence, b.speaker.precedence) ||
    a.order - b.order ||
    a.speaker.fullName.localeCompare(b.speaker.fullName, 'en')
  );
}

export function inProtocolOrder<T extends Booked>(bookings: T[]): T[] {
  return [...bookings].sort(compareProtocolOrder);
}
