import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { fetchFile, parseCsv, readXlsx } from '../support/exports';

/** The organisers' registration list (issue 16): filters, sorts, paging, search, and the filtered exports. */
describe('Registration list, search and exports (issue 16)', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '0' });
  let organiser: TestUser;
  let event: { id: string; slug: string };
  const people: Record<string, { id: string; email: string }> = {};
  const HOSTILE = "=cmd|' /C calc'!A0";

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    event = await createPublishedEvent(organiser.api, { title: 'Regional Dialogue on Water' });
    const bodies: Record<string, Record<string, unknown>> = {
      jose: registrant({
        givenName: 'José',
        familyName: 'Álvarez',
        organisation: 'Ministère des Affaires étrangères',
        category: 'delegate',
      }),
      mohammed: registrant({ givenName: 'محمد', familyName: 'علي', organisation: 'وزارة الخارجية', category: 'delegate' }),
      hostile: registrant({ givenName: HOSTILE, familyName: 'Hostile', category: 'speaker' }),
      li: registrant({ givenName: 'Li', familyName: 'Wei', email: 'li.wei@undp.example.org', organisation: 'UNDP', category: 'observer' }),
      amina: registrant({ givenName: 'Amina', familyName: 'Rahman', category: 'speaker' }),
      chen: registrant({ givenName: 'Mei', familyName: 'Chen', category: 'speaker' }),
    };
    for (const [key, body] of Object.entries(bodies)) {
      const outcome = expectStatus(await ctx.app.api.post(`/events/${event.slug}/registrations`, body), 201, `registering ${key}`);
      people[key] = { id: outcome.id, email: body.email as string };
    }
    const { rows } = await ctx.db.query('SELECT badge_code FROM registration WHERE id = $1', [people.amina.id]);
    expectStatus(await organiser.api.post(`/events/${event.id}/check-ins`, { badgeCode: rows[0].badge_code }), 200, 'check-in');
    expectStatus(await organiser.api.post(`/registrations/${people.li.id}/reject`, {}), 200, 'rejecting Li');
  });

  const list = async (query: string) => expectStatus(await organiser.api.get(`/events/${event.id}/registrations?${query}`), 200, query);
  const names = (page: { items: { familyName: string }[] }) => page.items.map((item) => item.familyName);

  it('combines filters with a sort, and pages with the total of the filtered set', async () => {
    expect(names(await list('category=speaker&status=confirmed&checkedIn=false&sort=-name'))).toEqual(['Hostile', 'Chen']);
    expect(names(await list('category=speaker&status=confirmed&checkedIn=false&sort=name'))).toEqual(['Chen', 'Hostile']);
    expect(names(await list('category=speaker&checkedIn=true'))).toEqual(['Rahman']);
    expect(names(await list('status=rejected'))).toEqual(['Wei']);
    expect(names(await list('category=delegate&sort=-created'))).toEqual(['علي', 'Álvarez']);
    const page = await list('pageSize=2&page=2&sort=created');
    expect({ total: page.total, page: page.page, pageSize: page.pageSize, names: names(page) }).toEqual({
      total: 6,
      page: 2,
      pageSize: 2,
      names: ['Hostile', 'Wei'],
    });
    expect((await list('category=speaker&pageSize=1')).total).toBe(3);
  });

  it('searches names, email and organisation, in any script, case-insensitively, wildcards taken literally', async () => {
    expect(names(await list(`q=${encodeURIComponent('Álvarez')}`))).toEqual(['Álvarez']);
    expect(names(await list(`q=${encodeURIComponent('José Álv')}`))).toEqual(['Álvarez']);
    expect(names(await list(`q=${encodeURIComponent('Affaires étrangères')}`))).toEqual(['Álvarez']);
    expect(names(await list(`q=${encodeURIComponent('محمد')}`))).toEqual(['علي']);
    expect(names(await list(`q=${encodeURIComponent('الخارجية')}`))).toEqual(['علي']);
    expect(names(await list('q=LI.WEI%40UNDP'))).toEqual(['Wei']);
    expect(names(await list('q=undp&status=confirmed'))).toEqual([]);
    expect(names(await list('q=%25'))).toEqual([]);
  });

  it('refuses bad filter values with 400, naming each field', async () => {
    const response = await organiser.api.get(
      `/events/${event.id}/registrations?status=bogus&category=chef&checkedIn=maybe&sort=age&delegationId=nope`,
    );
    expect(response.status).toBe(400);
    expect(response.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual([
      'category',
      'checkedIn',
      'delegationId',
      'sort',
      'status',
    ]);
    expect((await organiser.api.get(`/events/${event.id}/registrations.xlsx?sort=nope`)).status).toBe(400);
  });

  it('exports the filtered set as CSV, with the formula-looking name neutralised', async () => {
    const csv = await fetchFile(organiser, `/events/${event.id}/registrations.csv?category=speaker&sort=name`);
    expect(csv.status).toBe(200);
    const [header, ...rows] = parseCsv(csv.body.toString('utf8'));
    const column = (name: string) => header.indexOf(name);
    expect(rows.map((row) => row[column('family_name')])).toEqual(['Chen', 'Hostile', 'Rahman']);
    const hostile = rows[1];
    expect(hostile[column('given_name')]).toBe(`'${HOSTILE}`);
    expect(hostile[column('email')]).toBe(people.hostile.email);
    expect(hostile[column('status')]).toBe('confirmed');
    expect(rows[2][column('checked_in_at')]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(hostile[column('checked_in_at')]).toBe('');
    // Unfiltered: everyone, as before.
    const all = parseCsv((await fetchFile(organiser, `/events/${event.id}/registrations.csv`)).body.toString('utf8'));
    expect(all.length - 1).toBe(6);
  });

  it('exports the same filtered set as XLSX: the same columns, header bold and frozen, real dates, formulas neutralised', async () => {
    const xlsx = await fetchFile(organiser, `/events/${event.id}/registrations.xlsx?category=speaker&sort=name`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toBe(`attachment; filename="registrations-${event.slug}.xlsx"`);
    const csvHeader = parseCsv((await fetchFile(organiser, `/events/${event.id}/registrations.csv`)).body.toString('utf8'))[0];

    const sheet = await readXlsx(xlsx.body);
    const values = (rowNumber: number) => (sheet.getRow(rowNumber).values as unknown[]).slice(1);
    expect(values(1)).toEqual(csvHeader);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 1 }));
    expect(sheet.rowCount).toBe(4);
    const column = (name: string) => csvHeader.indexOf(name) + 1;
    expect([2, 3, 4].map((row) => sheet.getRow(row).getCell(column('family_name')).value)).toEqual(['Chen', 'Hostile', 'Rahman']);
    expect(sheet.getRow(3).getCell(column('given_name')).value).toBe(`'${HOSTILE}`);
    const { rows } = await ctx.db.query('SELECT created_at, checked_in_at FROM registration WHERE id = $1', [people.amina.id]);
    const created = sheet.getRow(4).getCell(column('created_at')).value;
    expect(created).toBeInstanceOf(Date);
    expect((created as Date).getTime()).toBe(rows[0].created_at.getTime());
    expect((sheet.getRow(4).getCell(column('checked_in_at')).value as Date).getTime()).toBe(rows[0].checked_in_at.getTime());
  });
});
