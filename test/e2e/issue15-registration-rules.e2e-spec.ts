/**
 * Issue 15: every registration rule is defined once. Where a statement re-checks a rule in SQL, its
 * predicate is generated from the same constants as the TypeScript rule; this evaluates both on a table
 * of cases, the SQL on rows of the real `event` table type, at the same instant.
 */
import type { Pool } from 'pg';
import { param, sql } from '../../src/database/sql';
import {
  admissionOf,
  admissionSql,
  registrationOpenSql,
  registrationRefusal,
  type RegistrationWindow,
} from '../../src/registrations/registration-intake';
import { createTestDatabase } from '../support/database';

type Case = RegistrationWindow & { approvalRequired: boolean; capacity: number | null };

/** 23:00 UTC on 28 March 2026: midnight in Vienna as its clocks are about to change. */
const NOW = new Date('2026-03-28T23:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const HOUR = 3_600_000;

const statuses = ['draft', 'published', 'closed'] as const;
const opens = [null, at(-HOUR), NOW, at(1)];
const closes = [null, at(-1), NOW, at(1), at(HOUR)];
const ends: [string, string][] = [
  ['2026-03-28', 'Europe/Vienna'], // closes exactly at NOW
  ['2026-03-29', 'Asia/Karachi'], // closes the next evening
  ['2026-03-28', 'Pacific/Kiritimati'], // closed half a day ago
  ['2026-03-28', 'America/St_Johns'], // closes in 2½ hours
];

const cases: Case[] = [];
for (const status of statuses)
  for (const registrationOpensAt of opens)
    for (const registrationClosesAt of closes)
      for (const [endDate, timezone] of ends)
        for (const inviteOnly of [false, true])
          cases.push({
            status,
            registrationOpensAt,
            registrationClosesAt,
            endDate,
            timezone,
            inviteOnly,
            approvalRequired: cases.length % 3 === 0,
            capacity: cases.length % 2 === 0 ? null : 100,
          });

describe('issue 15: registration rules, TypeScript and SQL', () => {
  let db: { pool: Pool; drop(): Promise<void> };

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  /** Each case as a row of the event table (jsonb_populate_record: the real column names and types). */
  async function evaluate(expression: (alias: string) => ReturnType<typeof sql>): Promise<unknown[]> {
    const rows = cases.map((c) => ({
      status: c.status,
      registration_opens_at: c.registrationOpensAt?.toISOString() ?? null,
      registration_closes_at: c.registrationClosesAt?.toISOString() ?? null,
      end_date: c.endDate,
      timezone: c.timezone,
      invite_only: c.inviteOnly,
      approval_required: c.approvalRequired,
      capacity: c.capacity,
    }));
    const { text, values } = sql`SELECT ${expression('e')} AS answer
      FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS input(row, n),
           LATERAL jsonb_populate_record(NULL::event, input.row) AS e
      ORDER BY input.n`.build();
    const result = await db.pool.query<{ answer: unknown }>(text, values);
    return result.rows.map((row) => row.answer);
  }

  it.each([false, true])('registration is open in SQL exactly when the TypeScript rule admits (invited: %s)', async (invited) => {
    const now = param(NOW.toISOString());
    const inSql = await evaluate((alias) => registrationOpenSql(alias, { invited }, sql`${now}::timestamptz`));
    const inTs = cases.map((c) => registrationRefusal(c, { invited }, NOW) === null);
    expect(inSql).toHaveLength(cases.length);
    const disagreements = cases.filter((_, index) => inSql[index] !== inTs[index]);
    expect(disagreements).toEqual([]);
    // The table covers both answers and every reason a registration is refused.
    expect(new Set(inTs)).toEqual(new Set([true, false]));
    expect(new Set(cases.map((c) => registrationRefusal(c, { invited }, NOW)?.reason ?? 'open'))).toEqual(
      new Set(['open', 'not_published', 'not_yet_open', 'closed', ...(invited ? [] : ['invitation_required'])]),
    );
  });

  it('a new registration is admitted the same way in SQL and in TypeScript', async () => {
    const inSql = await evaluate((alias) => admissionSql(alias));
    expect(inSql).toEqual(cases.map((c) => admissionOf(c)));
    expect(new Set(inSql)).toEqual(new Set(['pending', 'confirmed', 'seat-or-waitlist']));
  });
});
