import type { EntityManager } from 'typeorm';
import type { FieldError } from '../common/errors/api-error';

/**
 * The errors by field (`recipients.N.delegationId`) for recipients whose delegation is not one of the
 * event's; none if every delegation named belongs to it. Invitation mailings call it before anything is
 * written, because the invitee joins that delegation on registering.
 */
export async function delegationsNotOfEvent(
  db: Pick<EntityManager, 'query'>,
  eventId: string,
  recipients: readonly { delegationId?: string | null }[],
): Promise<FieldError[]> {
  const asked = [...new Set(recipients.flatMap((recipient) => (recipient.delegationId ? [recipient.delegationId] : [])))];
  if (asked.length === 0) return [];
  const rows: { id: string }[] = await db.query('SELECT id FROM delegation WHERE event_id = $1 AND id = ANY($2::uuid[])', [eventId, asked]);
  const known = new Set(rows.map((row) => row.id));
  return recipients
    .flatMap((recipient, index) =>
      recipient.delegationId && !known.has(recipient.delegationId)
        ? [{ field: `recipients.${index}.delegationId`, message: 'is not a delegation of this event' }]
        : [],
    )
    .slice(0, 100);
}
