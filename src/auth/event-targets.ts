import { MAIL_LOG_TABLE } from '../mail/mail-log-table';
import type { EventRole } from './event-role.entity';

/**
 * What a route's id can name, and how the guard finds the event it belongs to. The table is fixed here,
 * so a route declares its target by kind (see RequireEventRoleFor) and never writes its own look-up.
 */
export const EVENT_TARGETS = {
  event: { table: 'event', what: 'Event' },
  registration: { table: 'registration', what: 'Registration' },
  delegation: { table: 'delegation', what: 'Delegation' },
  session: { table: 'session', what: 'Session' },
  speaker: { table: 'speaker', what: 'Speaker' },
  outcome: { table: 'outcome_document', what: 'Outcome document' },
  mailing: { table: 'mailing', what: 'Mailing' },
  /** A mail of the delivery log (mail about an account has no event, so is found by no one). */
  mail: { table: MAIL_LOG_TABLE, what: 'Mail' },
} as const;

export type EventTargetKind = keyof typeof EVENT_TARGETS;

/** Everyone who works at an event; they see it while it is a draft. */
export const EVENT_TEAM: readonly EventRole[] = ['organiser', 'rapporteur', 'checkin', 'accreditation'];

/** The event's outcome team: they write, review and see drafts. */
export const OUTCOME_TEAM: readonly EventRole[] = ['organiser', 'rapporteur'];

/** A target row as the guard's one query reads it: its event, that event's status, and the target's own status. */
export interface ResolvedTarget {
  eventId: string;
  eventStatus: string;
  /** Only read for outcome documents, whose visibility depends on it. */
  targetStatus: string | null;
  /** The caller's roles at the event. */
  roles: EventRole[];
}

/**
 * One statement per kind: the target's event, its status and the caller's roles there ($1 the target's
 * id, $2 the caller's user id or null). The table names come from EVENT_TARGETS, never from a request.
 */
export function resolveTargetSql(kind: EventTargetKind): string {
  const { table } = EVENT_TARGETS[kind];
  const eventId = kind === 'event' ? 't.id' : 't.event_id';
  return `SELECT e.id AS "eventId", e.status AS "eventStatus", ${kind === 'outcome' ? 't.status' : 'NULL'} AS "targetStatus",
            ARRAY(SELECT r.role::text FROM event_role r WHERE r.event_id = e.id AND r.user_id = $2::uuid ORDER BY r.role) AS roles
          FROM "${table}" t JOIN event e ON e.id = ${eventId}
          WHERE t.id = $1::uuid`;
}

/**
 * Who may know that the target exists, besides the holders of the route's roles: everyone, or only the
 * holders of these roles at its event. Drafts of events are seen by their team alone; an outcome
 * document that is not published by its outcome team alone (published ones follow their event).
 */
export function seenBy(
  kind: EventTargetKind,
  target: Pick<ResolvedTarget, 'eventStatus' | 'targetStatus'>,
): readonly EventRole[] | 'everyone' {
  if (kind === 'outcome' && target.targetStatus !== 'published') return OUTCOME_TEAM;
  return target.eventStatus === 'draft' ? EVENT_TEAM : 'everyone';
}

export type Verdict = 'allowed' | 'not-found' | 'unauthenticated' | 'forbidden';

/**
 * The answer to a caller at a target: allowed if they hold one of the roles (admins always); not found
 * if they may not even know it exists; unauthenticated if anonymous; forbidden otherwise.
 */
export function verdict(
  kind: EventTargetKind,
  target: ResolvedTarget,
  caller: { admin: boolean; anonymous: boolean; teamOnly?: boolean },
  required: readonly EventRole[],
): Verdict {
  const holds = (roles: readonly EventRole[]) => target.roles.some((role) => roles.includes(role));
  if (caller.admin || holds(required)) return 'allowed';
  // The console shows an event's pages to its team only: to anyone else the event's pages do not exist.
  if (caller.teamOnly && target.roles.length === 0) return 'not-found';
  const seers = seenBy(kind, target);
  if (seers !== 'everyone' && !holds(seers)) return 'not-found';
  return caller.anonymous ? 'unauthenticated' : 'forbidden';
}
