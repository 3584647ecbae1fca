import type { Pool } from 'pg';

export interface CsvInvitee {
  row: number;
  email: string;
  givenName: string;
  familyName: string;
  delegation: string;
}

/**
 * A CSV of `count` invitees (header `email,givenName,familyName,delegation`, CRLF): the invitee on file row r (the
 * header is row 1) is invitee-r@example.org. `bad` spoils rows: `email` (not an address), `duplicate-of-N` (the email
 * of row N in capitals), `delegation` (a delegation named "Atlantis"). `good` are the rows that should be accepted.
 */
export function invitationCsv(
  count: number,
  options: { delegationOf?: (row: number) => string; bad?: Record<number, 'email' | 'delegation' | `duplicate-of-${number}`> } = {},
): { csv: string; rows: CsvInvitee[]; good: CsvInvitee[] } {
  const rows: CsvInvitee[] = [];
  for (let row = 2; row < count + 2; row++) {
    const spoil = options.bad?.[row];
    const duplicateOf = spoil?.startsWith('duplicate-of-') ? Number(spoil.slice('duplicate-of-'.length)) : null;
    rows.push({
      row,
      email: spoil === 'email' ? 'not-an-email' : duplicateOf ? `INVITEE-${duplicateOf}@EXAMPLE.ORG` : `invitee-${row}@example.org`,
      givenName: `Given${row}`,
      familyName: `Family ${row}`,
      delegation: spoil === 'delegation' ? 'Atlantis' : (options.delegationOf?.(row) ?? ''),
    });
  }
  const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const csv = [
    'email,givenName,familyName,delegation',
    ...rows.map((r) => [r.email, r.givenName, r.familyName, r.delegation].map(cell).join(',')),
  ]
    .join('\r\n')
    .concat('\r\n');
  return { csv, rows, good: rows.filter((row) => !options.bad?.[row.row]) };
}

/** How many mailings, invitations and mails an event has: nothing is stored before "Send". */
export async function storedFor(db: Pool, eventId: string): Promise<{ mailings: number; invitations: number; mails: number }> {
  const { rows } = await db.query<{ mailings: number; invitations: number; mails: number }>(
    `SELECT (SELECT count(*)::int FROM mailing WHERE event_id = $1) AS mailings,
            (SELECT count(*)::int FROM invitation WHERE event_id = $1) AS invitations,
            (SELECT count(*)::int FROM mail_message WHERE event_id = $1) AS mails`,
    [eventId],
  );
  return rows[0];
}
