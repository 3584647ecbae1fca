import { LinkTokens } from '../../src/auth/link-tokens';
import { TEST_JWT_SECRET } from '../support/app';
import { httpSignIn } from '../support/console';
import { useApp } from '../support/context';
import { createPublishedEvent, createUser, expectStatus, registrant, TestUser } from '../support/factories';
import { eventually } from '../support/mailings';
import { pdfQrCode, pdfText } from '../support/pdf';
import { attachmentOf, SinkMessage, useSmtpSink } from '../support/smtp';

const KEY = 'Zk3vJ0m4c2Qx8rT1wY6uP9sL5aN7dF0hG2jK4lM6nB8=';
const PASSPORT = 'PK7731904';
const BIRTH = '1984-03-09';
const LETTER = /^visa-letter-[A-Z0-9-]+\.pdf$/;

/**
 * Issue 18: the visa letter is mailed as a PDF attachment when the secretariat accredits someone who asked for
 * one. The attachment is made when the mail is sent, so the delivery log holds only its file name; a letter
 * revoked before the mail goes (a cancellation) fails the mail instead of being sent.
 */
describe('The visa letter mailed on accreditation', () => {
  const env: Record<string, string> = {
    DATA_ENCRYPTION_KEY: KEY,
    REGISTRATION_RATE_LIMIT: '0',
    MAIL_POLL_INTERVAL_MS: '500',
    MAIL_RETRY_DELAY_SECONDS: '1',
  };
  const smtp = useSmtpSink(env);
  const ctx = useApp(env);
  let organiser: TestUser;
  let event: { id: string; slug: string };
  let delegation: { id: string; code: string };
  const people: Record<'amina' | 'bilal' | 'chen' | 'dina', { id: string; email: string }> = {} as never;

  const manageToken = (id: string) => new LinkTokens(TEST_JWT_SECRET).tokenFor('manage', id);
  const mailsTo = async (email: string): Promise<SinkMessage[]> =>
    (await smtp.sink.messages()).filter((message) => message.envelopeTo.includes(email));
  const register = async (key: keyof typeof people, fields: Record<string, unknown>) => {
    const body = registrant(fields);
    const created = expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, body), 201, key);
    people[key] = { id: created.id, email: String(body.email) };
  };
  const identity = (id: string, needsVisaLetter: boolean) =>
    organiser.api.put(`/registrations/${id}/identity`, {
      passportNumber: PASSPORT,
      issuingCountry: 'PK',
      passportExpiry: '2031-05-20',
      dateOfBirth: BIRTH,
      needsVisaLetter,
    });

  beforeAll(async () => {
    organiser = await createUser(ctx.app.api, 'organiser');
    event = await createPublishedEvent(organiser.api, { asksPassport: true, capacity: 50 });
    delegation = expectStatus(
      await organiser.api.post(`/events/${event.id}/delegations`, {
        name: 'Pakistan',
        kind: 'country',
        countryCode: 'PK',
        quota: 5,
        head: { email: 'focal@mofa.gov.pk', givenName: 'Nabeel', familyName: 'Munir' },
      }),
      201,
      'delegation',
    );
    expectStatus(
      await organiser.api.put(`/events/${event.id}/letter-template`, {
        body: 'The Ministry of Interior confirms that {{fullName}}, holder of passport {{passportNumber}}, is invited.',
        signatoryName: 'Ms Ayesha Khan',
        signatoryTitle: 'Head of Protocol',
      }),
      200,
      'template',
    );
    await register('amina', { givenName: 'Amina', familyName: 'Rahman', delegationCode: delegation.code });
    await register('bilal', { givenName: 'Bilal', familyName: 'Aziz', delegationCode: delegation.code });
    await register('chen', { givenName: 'Chen', familyName: 'Wei', delegationCode: delegation.code });
    expectStatus(await identity(people.amina.id, true), 200, 'identity of Amina');
    expectStatus(await identity(people.chen.id, false), 200, 'identity of Chen');
  }, 120_000);

  it('mails the letter as a PDF attachment with the passport number to the member who asked for one, and to nobody else', async () => {
    expectStatus(await organiser.api.post(`/delegations/${delegation.id}/submit`), 200, 'submit');
    expectStatus(await organiser.api.post(`/delegations/${delegation.id}/accredit`), 200, 'accredit');

    const [mail] = await eventually(
      async () => {
        const found = (await mailsTo(people.amina.email)).filter((message) => /visa support letter/i.test(message.subject ?? ''));
        return found.length > 0 ? found : null;
      },
      60_000,
      'the visa letter mail',
    );
    const letter = attachmentOf(mail, LETTER);
    expect(letter).not.toBeNull();
    expect(letter!.contentType).toBe('application/pdf');
    const text = pdfText(letter!.content);
    expect(text).toContain(PASSPORT);
    expect(text).toContain('Amina');
    // The mail names the letter and the page its QR code opens, with the same reference.
    const reference = /^visa-letter-(.+)\.pdf$/.exec(letter!.filename)![1];
    expect(mail.text).toContain(letter!.filename);
    expect(mail.text).toContain(`/verify/${reference}`);
    const qr = pdfQrCode(letter!.content);
    expect(qr).toMatch(new RegExp(`/verify/${reference}$`));
    const page = await fetch(`${ctx.app.url}/verify/${reference}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('VALID');
    expect(html).toContain('Amina');

    // One letter mail, enqueued with the accreditation: Bilal gave no passport data, Chen asked for none.
    const { rows } = await ctx.db.query(`SELECT to_email FROM mail_message WHERE event_id = $1 AND template = 'visa_letter'`, [event.id]);
    expect(rows).toEqual([{ to_email: people.amina.email }]);
    expect((await mailsTo('focal@mofa.gov.pk')).every((message) => (message.attachments ?? []).length === 0)).toBe(true);
  });

  it('keeps only the file name in the delivery log: neither the mail log nor the database holds the letter or the number', async () => {
    const log = expectStatus(await organiser.api.get(`/events/${event.id}/mail-log?template=visa_letter`), 200, 'mail log');
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ to: people.amina.email, status: 'sent' });
    expect(log.items[0].attachments).toHaveLength(1);
    expect(log.items[0].attachments[0]).toMatch(LETTER);
    // The console's page of the mail names the attachment, as the log does.
    const { cookie } = await httpSignIn(ctx.app.url, organiser.email);
    const page = await fetch(`${ctx.app.url}/console/events/${event.id}/mail/log/${log.items[0].id}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const shown = await page.text();
    expect(shown).toContain('Attachments');
    expect(shown).toContain(log.items[0].attachments[0]);
    for (const body of [JSON.stringify(log), shown]) {
      expect(body).not.toContain(PASSPORT);
      expect(body).not.toContain(BIRTH);
    }
    const { rows } = await ctx.db.query(`SELECT data::text AS data FROM mail_message WHERE event_id = $1`, [event.id]);
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      expect(row.data).not.toContain(PASSPORT);
      expect(row.data).not.toContain(BIRTH);
    }
  });

  it('accrediting a person outside a delegation mails their letter too; accrediting again mails nothing more', async () => {
    await register('dina', { givenName: 'Dina', familyName: 'Haddad' });
    expectStatus(await identity(people.dina.id, true), 200, 'identity of Dina');
    const [first, second] = await Promise.all([
      organiser.api.post(`/registrations/${people.dina.id}/accredit`),
      organiser.api.post(`/registrations/${people.dina.id}/accredit`),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const mails = await eventually(
      async () => {
        const found = (await mailsTo(people.dina.email)).filter((message) => attachmentOf(message, LETTER));
        return found.length > 0 ? found : null;
      },
      60_000,
      "Dina's letter",
    );
    expect(pdfText(attachmentOf(mails[0], LETTER)!.content)).toContain('Dina');
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM mail_message WHERE template = 'visa_letter' AND to_email = $1`, [
      people.dina.email,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('someone accredited before giving passport data is mailed the letter when they give it, once', async () => {
    // Bilal was accredited with his delegation without passport data: nothing was mailed to him then.
    const count = async () =>
      (
        await ctx.db.query(`SELECT count(*)::int AS n FROM mail_message WHERE template = 'visa_letter' AND to_email = $1`, [
          people.bilal.email,
        ])
      ).rows[0].n as number;
    expect(await count()).toBe(0);
    const own = await ctx.app.api.put(`/registrations/manage/${manageToken(people.bilal.id)}/identity`, {
      passportNumber: PASSPORT,
      issuingCountry: 'PK',
      passportExpiry: '2031-05-20',
      dateOfBirth: BIRTH,
      needsVisaLetter: true,
    });
    expect(own.status).toBe(200);
    const [mail] = await eventually(
      async () => {
        const found = (await mailsTo(people.bilal.email)).filter((message) => attachmentOf(message, LETTER));
        return found.length > 0 ? found : null;
      },
      60_000,
      "Bilal's letter",
    );
    expect(pdfText(attachmentOf(mail, LETTER)!.content)).toContain('Bilal');
    // A correction of the data does not mail the letter again.
    expectStatus(await identity(people.bilal.id, true), 200, 'a correction');
    expect(await count()).toBe(1);
  });

  it('a letter revoked before its mail goes (the registration cancelled) fails the mail, and nothing is sent', async () => {
    // The relay defers the mail; meanwhile the person cancels, which revokes the letter.
    const email = `late-${Date.now()}@example.org`;
    await smtp.sink.rejectRecipients(/^late-/, 450);
    try {
      const body = registrant({ email, givenName: 'Elif', familyName: 'Late' });
      const id = expectStatus(await ctx.app.api.post(`/events/${event.id}/registrations`, body), 201, 'Elif').id as string;
      expectStatus(await identity(id, true), 200, 'identity of Elif');
      expectStatus(await organiser.api.post(`/registrations/${id}/accredit`), 200, 'accredit Elif');
      // Its first attempt is over (recorded as deferred) before the cancellation.
      await eventually(
        async () => {
          const { rows } = await ctx.db.query(`SELECT last_error FROM mail_message WHERE template = 'visa_letter' AND to_email = $1`, [
            email,
          ]);
          return /450/.test(rows[0]?.last_error ?? '');
        },
        60_000,
        'a first, deferred attempt',
      );
      expectStatus(await ctx.app.api.post(`/registrations/manage/${manageToken(id)}/cancel`), 200, 'cancel');
    } finally {
      await smtp.sink.rejectRecipients(null);
    }
    const failed = await eventually(
      async () => {
        const { rows } = await ctx.db.query(
          `SELECT status, last_error FROM mail_message WHERE template = 'visa_letter' AND to_email = $1 AND status = 'failed'`,
          [email],
        );
        return rows[0] ?? null;
      },
      60_000,
      'the mail to fail',
    );
    expect(failed.last_error).toMatch(/attachment failed: The letter .* was revoked/);
    expect((await mailsTo(email)).filter((message) => /visa/i.test(message.subject ?? ''))).toEqual([]);
  });

  it('wrote the passport number and the date of birth into no log line of the server', () => {
    const lines = ctx.app.process.output;
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((line) => line.includes('Mail') || line.includes('mail'))).toBe(true);
    expect(lines.filter((line) => line.includes(PASSPORT) || line.includes(BIRTH))).toEqual([]);
  });
});
