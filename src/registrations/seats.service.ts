import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApiError } from '../common/errors/api-error';

/** A 64-bit advisory-lock key per event, in a namespace of its own (the first 4 bytes of the id vary). */
const WAITLIST_LOCK_NAMESPACE = 0x504c; // "PL"

/** SQL taking the waitlist lock of the event whose id (as text) is the SQL expression `eventId`, until the transaction ends. */
export const waitlistLockSql = (eventId: string) => `pg_advisory_xact_lock(${WAITLIST_LOCK_NAMESPACE}, hashtext(${eventId}))`;

/**
 * CTEs giving the registrations of the CTE `registrations` (columns id, ord) free seats of event $1, one
 * each in order of `ord` while seats are free; `seated` lists each seat claimed (registration_id,
 * seat_number). Free seats are locked without waiting (SKIP LOCKED), exactly as many as needed (a seat
 * locked but not claimed would look taken to others), looked for from a random point first, then from
 * the start. A claimed seat leaves a dead entry in the free-seat index until VACUUM, so always scanning
 * from the lowest number would step over every seat claimed so far (measured: 68 index pages per claim
 * after 13,000 registrations); a random start also keeps parallel claims apart.
 */
export const claimSeatsSql = (registrations: string) => {
  const free = `SELECT seat_number FROM event_seat WHERE event_id = $1 AND registration_id IS NULL`;
  // coalesce: during a change from no limit, the event row still says NULL while the new seats are filled.
  return `seat_start AS MATERIALIZED (SELECT floor(random() * coalesce(capacity, 0))::int AS seat_number FROM event WHERE id = $1),
      free_from_start AS MATERIALIZED (
        ${free} AND seat_number >= (SELECT seat_number FROM seat_start)
        ORDER BY seat_number LIMIT (SELECT count(*) FROM ${registrations}) FOR UPDATE SKIP LOCKED),
      free_before_start AS MATERIALIZED (
        ${free} AND seat_number < (SELECT seat_number FROM seat_start)
        ORDER BY seat_number LIMIT (SELECT count(*) FROM ${registrations}) - (SELECT count(*) FROM free_from_start) FOR UPDATE SKIP LOCKED),
      seated AS (
        UPDATE event_seat seat SET registration_id = claim.id
        FROM (SELECT free.seat_number, waiting.id
              FROM (SELECT seat_number, row_number() OVER (ORDER BY seat_number) AS rank
                    FROM (SELECT seat_number FROM free_from_start UNION ALL SELECT seat_number FROM free_before_start) AS locked) AS free
              JOIN (SELECT id, row_number() OVER (ORDER BY ord) AS rank FROM ${registrations}) AS waiting USING (rank)) AS claim
        WHERE seat.event_id = $1 AND seat.seat_number = claim.seat_number
        RETURNING seat.registration_id, seat.seat_number)`;
};

/** SQL for the position after the end of event $1's waitlist (gapless, so its largest position: one index probe). Only under the waitlist lock. */
export const NEXT_WAITLIST_POSITION = `SELECT coalesce(max(waitlist_position), 0)::int + 1 AS position FROM registration WHERE event_id = $1 AND status = 'waitlisted'`;

/**
 * Seats of capacity-limited events, and the waitlist. Two kinds of section:
 * - the fast path: claiming a free seat (`FOR UPDATE SKIP LOCKED`), taken by any number of
 *   registrations at once without waiting for each other;
 * - the waitlist section, under one advisory lock per event, for everything that reads or changes
 *   the order of the waitlist (joining it, promotion, renumbering, capacity changes). Locks are always
 *   taken in this order: the event row (FOR KEY SHARE by registrations and status changes, FOR UPDATE
 *   by a capacity change), then the event's waitlist lock, then delegation rows, then seats — so no
 *   deadlocks. (Writing a mail takes the event row FOR KEY SHARE through its foreign key, so whoever
 *   mails under the waitlist lock must hold the row already.)
 */
@Injectable()
export class SeatsService {
  /** Serialises the event's waitlist section until the transaction ends. */
  async lockWaitlist(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query(`SELECT ${waitlistLockSql('$1::text')}`, [eventId]);
  }

  /**
   * Before a capacity change takes the waitlist lock: if the capacity differs from the stored one, locks
   * the event row FOR UPDATE. Every registration holds that row FOR KEY SHARE while it decides (the
   * quick statement, the waitlist batch, the full path) and so does every status change that may
   * promote, so the change waits for those under way and holds back new ones until it commits; they
   * then see the new capacity (a statement waiting for the row re-checks it), and never a seat the
   * waitlist is about to get, nor a waitlist that a removed limit is about to confirm.
   */
  async lockForCapacityChange(manager: EntityManager, eventId: string, capacity: number | null): Promise<void> {
    await manager.query('SELECT 1 FROM event WHERE id = $1 AND capacity IS DISTINCT FROM $2::int FOR UPDATE', [eventId, capacity]);
  }

  /** Gives a free seat to the registration; returns the seat number, or null when none is free. */
  async claimSeat(manager: EntityManager, eventId: string, registrationId: string): Promise<number | null> {
    const rows: { seat_number: number }[] = await manager.query(
      `WITH waiting AS (SELECT $2::uuid AS id, 0 AS ord), ${claimSeatsSql('waiting')} SELECT seat_number FROM seated`,
      [eventId, registrationId],
    );
    return rows[0]?.seat_number ?? null;
  }

  async releaseSeat(manager: EntityManager, registrationId: string): Promise<void> {
    await manager.query('UPDATE event_seat SET registration_id = NULL WHERE registration_id = $1', [registrationId]);
  }

  /** The next position at the end of the waitlist. Call only while holding the waitlist lock. */
  async nextWaitlistPosition(manager: EntityManager, eventId: string): Promise<number> {
    const [{ position }] = await manager.query(NEXT_WAITLIST_POSITION, [eventId]);
    return position;
  }

  /** Closes the gap left by someone leaving the waitlist. Call only while holding the waitlist lock. */
  async closeWaitlistGap(manager: EntityManager, eventId: string, leftPosition: number): Promise<void> {
    await manager.query(
      `UPDATE registration SET waitlist_position = waitlist_position - 1
       WHERE event_id = $1 AND status = 'waitlisted' AND waitlist_position > $2`,
      [eventId, leftPosition],
    );
  }

  /**
   * Makes the seat count match a new capacity (null: unlimited, no seats). Raising adds seats;
   * lowering removes free ones; registrations confirmed while there was no limit get seats; and a
   * capacity below the number confirmed is refused. Call after `lockForCapacityChange`, holding the
   * waitlist lock; promote afterwards to fill new seats (or, without a limit, to confirm the waitlist).
   */
  async setCapacity(manager: EntityManager, eventId: string, capacity: number | null): Promise<void> {
    const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM event_seat WHERE event_id = $1`, [eventId]);
    if (capacity === null) {
      await manager.query('DELETE FROM event_seat WHERE event_id = $1', [eventId]);
      return;
    }
    // A first limit: registrations confirmed without one keep a seat (below). lockForCapacityChange has
    // waited for the registrations under way and holds back new ones, so none is confirmed meanwhile.
    const [{ taken, unseated }] = await manager.query(
      `SELECT (SELECT count(registration_id) FROM event_seat WHERE event_id = $1)::int AS taken,
              (SELECT count(*) FROM registration r WHERE r.event_id = $1 AND r.status = 'confirmed'
                 AND NOT EXISTS (SELECT 1 FROM event_seat s WHERE s.registration_id = r.id))::int AS unseated`,
      [eventId],
    );
    if (capacity < taken + unseated)
      throw new ApiError(
        'CAPACITY_BELOW_CONFIRMED',
        `Capacity ${capacity} is below the ${taken + unseated} registrations already confirmed`,
      );
    if (capacity > total) {
      await manager.query(
        `INSERT INTO event_seat (event_id, seat_number)
         SELECT $1, n FROM generate_series(
           coalesce((SELECT max(seat_number) FROM event_seat WHERE event_id = $1), 0) + 1,
           coalesce((SELECT max(seat_number) FROM event_seat WHERE event_id = $1), 0) + $2) AS n`,
        [eventId, capacity - total],
      );
    } else if (capacity < total) {
      const removed: unknown[] = await manager.query(
        `WITH removed AS (
           DELETE FROM event_seat WHERE (event_id, seat_number) IN (
             SELECT event_id, seat_number FROM event_seat WHERE event_id = $1 AND registration_id IS NULL
             ORDER BY seat_number DESC LIMIT $2 FOR UPDATE)
           AND registration_id IS NULL RETURNING seat_number)
         SELECT seat_number FROM removed`,
        [eventId, total - capacity],
      );
      if (removed.length !== total - capacity)
        throw new ApiError('CAPACITY_CHANGED_CONCURRENTLY', 'Seats were taken while the capacity changed; try again');
    }
    if (unseated > 0) {
      await manager.query(
        `WITH holders AS (
           SELECT r.id, row_number() OVER (ORDER BY r.created_at, r.id) AS n FROM registration r
           WHERE r.event_id = $1 AND r.status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM event_seat s WHERE s.registration_id = r.id)),
         free AS (
           SELECT seat_number, row_number() OVER (ORDER BY seat_number) AS n FROM event_seat WHERE event_id = $1 AND registration_id IS NULL)
         UPDATE event_seat s SET registration_id = holders.id
         FROM holders JOIN free ON free.n = holders.n
         WHERE s.event_id = $1 AND s.seat_number = free.seat_number`,
        [eventId],
      );
    }
  }
}
