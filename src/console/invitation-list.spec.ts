import { InvitationBatchSeal } from './invitation-batch';
import { rowsOfCsv, rowsOfPaste, sortRows, UnreadableList } from './invitation-list';

describe('invitation lists', () => {
  it('reads a CSV with a BOM, CRLF, headers in any case and spacing, and numbers rows as the file does (header = 1)', () => {
    const csv =
      '\uFEFFEmail,Given name,family_name,DELEGATION\r\na@example.org,Amina,Rahman,PK\r\n\r\n"b@example.org","Li, Wei",,Kenya\r\n';
    expect(rowsOfCsv(Buffer.from(csv))).toEqual([
      { row: 2, email: 'a@example.org', givenName: 'Amina', familyName: 'Rahman', delegation: 'PK' },
      { row: 4, email: 'b@example.org', givenName: 'Li, Wei', familyName: '', delegation: 'Kenya' },
    ]);
  });

  it('refuses a header without email, with unknown or repeated columns, naming them', () => {
    const message = (csv: string) => {
      try {
        rowsOfCsv(Buffer.from(csv));
        return 'read';
      } catch (error) {
        return error instanceof UnreadableList ? error.message : 'other';
      }
    };
    expect(message('mail,name\nx@y.org,X\n')).toMatch(/the column “email” is missing; unknown columns “mail”, “name”/);
    expect(message('email,email\nx@y.org,y@y.org\n')).toMatch(/“email” appears twice/);
    expect(message('')).toMatch(/empty/);
    expect(message('email,"broken\nx\n')).toMatch(/could not be read as CSV/);
    expect(() => rowsOfCsv(Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3]))).toThrow(UnreadableList);
    expect(() => rowsOfCsv(Buffer.from('email\u0000,x\n'))).toThrow(/binary/);
  });

  it('reads pasted lines: email, Name <email>, and comma or tab separated rows, numbered by line', () => {
    expect(rowsOfPaste('a@x.org\n\nAmina Binte Rahman <b@x.org>\r\nc@x.org, Li, Wei, KE\nd@x.org\tDe\tVries\n')).toEqual([
      { row: 1, email: 'a@x.org', givenName: '', familyName: '', delegation: '' },
      { row: 3, email: 'b@x.org', givenName: 'Amina Binte', familyName: 'Rahman', delegation: '' },
      { row: 4, email: 'c@x.org', givenName: 'Li', familyName: 'Wei', delegation: 'KE' },
      { row: 5, email: 'd@x.org', givenName: 'De', familyName: 'Vries', delegation: '' },
    ]);
  });

  it('sorts rows: DTO errors, unknown or ambiguous delegations and repeated emails are refused with their row', () => {
    const rows = [
      { row: 2, email: 'A@x.org', givenName: 'A', familyName: '', delegation: 'pk-1' },
      { row: 3, email: 'bad', givenName: '', familyName: '', delegation: '' },
      { row: 4, email: 'a@x.org ', givenName: '', familyName: '', delegation: '' },
      { row: 5, email: 'c@x.org', givenName: '', familyName: '', delegation: 'Atlantis' },
      { row: 6, email: 'd@x.org', givenName: '', familyName: '', delegation: 'KENYA' },
      { row: 7, email: 'e@x.org', givenName: '', familyName: '', delegation: 'Twin' },
    ];
    const normalised = rows.map((row) => ({ email: row.email.trim().toLowerCase(), givenName: row.givenName || undefined }));
    const delegations = [
      { id: 'd1', code: 'PK-1', name: 'Pakistan' },
      { id: 'd2', code: 'KE-2', name: 'Kenya' },
      { id: 'd3', code: 'T1', name: 'Twin' },
      { id: 'd4', code: 'T2', name: 'twin' },
    ];
    const { accepted, refused } = sortRows(
      rows,
      normalised,
      [{ field: 'recipients.1.email', message: 'must be an email address' }],
      delegations,
    );
    expect(accepted.map((row) => [row.row, row.email, row.delegationId])).toEqual([
      [2, 'a@x.org', 'd1'],
      [6, 'd@x.org', 'd2'],
    ]);
    expect(refused.map((row) => [row.row, row.reason])).toEqual([
      [3, 'Email must be an email address'],
      [4, 'Duplicate: the same email as row 2'],
      [5, expect.stringContaining('Unknown delegation “Atlantis”')],
      [7, expect.stringContaining('two delegations have this name')],
    ]);
  });
});

describe('sealed invitation batches', () => {
  const seal = new InvitationBatchSeal('key');
  const batch = {
    eventId: 'e',
    requestKey: 'k',
    transferable: false,
    recipients: [{ email: 'a@x.org', givenName: 'A', familyName: '', delegationId: null }],
  };

  it('opens what it sealed, and refuses a changed, foreign or expired one', () => {
    const sealed = seal.seal(batch, 1_000);
    expect(seal.open(sealed, 2_000)).toEqual(batch);
    const [body, mac] = sealed.split('.');
    expect(seal.open(`${body}x.${mac}`, 2_000)).toBe('invalid');
    expect(new InvitationBatchSeal('other').open(sealed, 2_000)).toBe('invalid');
    expect(seal.open('nonsense', 2_000)).toBe('invalid');
    expect(seal.open(undefined, 2_000)).toBe('invalid');
    expect(seal.open(sealed, 1_000 + 3 * 60 * 60 * 1000)).toBe('expired');
  });
});
