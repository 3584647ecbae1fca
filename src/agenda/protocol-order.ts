import { SESSION_ROLES, SessionRole } from './session-speaker.entity';

export interface Booked {
  role: SessionRole;
  order: number;
  speaker: { fullName: string; precedence: number | null };
}

const roleRank = new Map<SessionRole, number>(SESSION_ROLES.map((role, index) => [role, index]));

/**
 * Protocol order of a session's speakers: by role (chair, moderator, keynote, speaker, panellist,
 * discussant, rapporteur), then precedence (lower first; none last), then the manual order, then name.
 */
export function compareProtocolOrder(a: Booked, b: Booked): number {
  return (
    roleRank.get(a.role)! - roleRank.get(b.role)! ||
    (a.speaker.precedence ?? Number.MAX_SAFE_INTEGER) - (b.speaker.precedence ?? Number.MAX_SAFE_INTEGER) ||
    a.order - b.order ||
    a.speaker.fullName.localeCompare(b.speaker.fullName, 'en')
  );
}

export function inProtocolOrder<T extends Booked>(bookings: T[]): T[] {
  return [...bookings].sort(compareProtocolOrder);
}
