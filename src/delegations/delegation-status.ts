import { DELEGATION_STATUSES, DelegationStatus } from './delegation.entity';

/**
 * The one rule of a delegation's status, for the API and the console: it moves invited → nominated →
 * accredited, one step at a time and never back. Asking for the status it has changes nothing.
 */
export type StatusRefusal = 'STATUS_BACKWARDS' | 'STATUS_SKIPPED';

/** The status a delegation moves to next, or null once accredited. */
export function nextStatus(status: DelegationStatus): DelegationStatus | null {
  return DELEGATION_STATUSES[DELEGATION_STATUSES.indexOf(status) + 1] ?? null;
}

/** Why a delegation cannot move from `from` to `to`, or null when it may. */
export function statusRefusal(from: DelegationStatus, to: DelegationStatus): StatusRefusal | null {
  const step = DELEGATION_STATUSES.indexOf(to) - DELEGATION_STATUSES.indexOf(from);
  return step < 0 ? 'STATUS_BACKWARDS' : step > 1 ? 'STATUS_SKIPPED' : null;
}
