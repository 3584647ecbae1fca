import type { DelegationStatus } from '../delegations/delegation.entity';
import { nextStatus, statusRefusal } from '../delegations/delegation-status';
import type { AccreditationStatus } from '../registrations/registration.entity';

/**
 * The status a delegation's members' accreditation calls for (pure): nominated once any active member has
 * been submitted (and since decided or not), accredited once every active member is decided (accredited or
 * returned) and at least one is accredited; invited before.
 */
export function statusCalledFor(members: readonly AccreditationStatus[]): DelegationStatus {
  const decided = members.filter((status) => status === 'accredited' || status === 'returned');
  if (members.length > 0 && decided.length === members.length && members.includes('accredited')) return 'accredited';
  if (members.some((status) => status === 'submitted' || status === 'accredited' || status === 'returned')) return 'nominated';
  return 'invited';
}

/**
 * Where a delegation at `from` moves for `target`: forward one step at a time, each step allowed by the one
 * rule of delegation-status.ts; never back (a delegation accredited stays so when a member is returned later).
 */
export function followStatus(from: DelegationStatus, target: DelegationStatus): DelegationStatus {
  let status = from;
  while (status !== target && statusRefusal(status, target) !== 'STATUS_BACKWARDS') {
    const next = nextStatus(status);
    if (!next || statusRefusal(status, next) !== null) break;
    status = next;
  }
  return status;
}
