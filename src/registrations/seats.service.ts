import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { param, sql } from '../database/sql';
import { claimSeats, lockWaitlist, nextWaitlistPosition } from './registration.sql';

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
    const { text, values } = lockWaitlist(eventId);
    await manager.query(text, values);
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
    const { text, values } = sql`WITH waiting AS (SELECT ${registrationId}::uuid AS id, 0 AS ord), ${claimSeats(param(eventId), 'waiting')}
      SELECT seat_number FROM seated`.build();
    const rows: { seat_number: number }[] = await manager.query(text, values);
    return rows[0]?.seat_number ?? null;
  }

  async releaseSeat(manager: EntityManager, registrationId: string): Promise<void> {
    await manager.query('UPDATE event_seat SET registration_id = NULL WHERE registration_id = $1', [registrationId]);
  }

  /** The next position at the end of the waitlist. Call only while holding the waitlist lock. */
  async nextWaitlistPosition(manager: EntityManager, eventId: string): Promise<number> {
    const { text, values } = nextWaitlistPosition(param(eventId)).build();
    const [{ position }]: { position: number }[] = await manager.query(text, values);
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
    const [{ total }]: { total: number }[] = await manager.query(`SELECT count(*)::int AS total FROM event_seat WHERE event_id = $1`, [
      eventId,
    ]);
    if (capacity === null) {
      await manager.query('DELETE FROM event_seat WHERE event_id = $1', [eventId]);
      return;
    }
    // A first limit: registrations confirmed without one keep a seat (below). lockForCapacityChange has
    // waited for the registrations under way and holds back new ones, so none is confirmed meanwhile.
    const [{ taken, unseated }]: { taken: number; unseated: number }[] = await manager.query(
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
