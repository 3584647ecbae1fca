import type { AuthenticatedUser } from '../auth/authenticated-user';
import { EventAccessService } from '../auth/event-access.service';
import type { EventRole } from '../auth/event-role.entity';
import { ApiError } from '../common/errors/api-error';

/**
 * For routes keyed by a session or speaker id: loads the thing, then checks the caller's role at its
 * event. Whatever the caller may not see answers 404 for the thing itself; 403 if they see the event
 * (published) but lack the role; 401 if anonymous.
 */
export async function loadForRole<T extends { eventId: string }>(
  access: EventAccessService,
  what: string,
  load: () => Promise<T | null>,
  user: AuthenticatedUser | undefined,
  roles: readonly EventRole[] = ['organiser'],
): Promise<T> {
  const found = await load();
  if (!found) throw ApiError.notFound(what);
  try {
    await access.assertRole(found.eventId, user, roles);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') throw ApiError.notFound(what);
    throw error;
  }
  return found;
}
