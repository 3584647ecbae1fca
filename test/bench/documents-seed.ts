/**
 * What the documents benchmark puts in its database, in SQL (thousands of people through the API would take
 * longer than the documents), and how it checks what the server made of them: the A4 badge sheet (people with
 * a stored photo each), the List of Participants (120 delegations in the five sections, plus people without
 * one, some not listed) and the visa letters (passport data encrypted as IdentityService.put encrypts it).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import sharp from 'sharp';
import { DataCipher } from '../../src/common/crypto/data-cipher';
import { COUNTRIES } from '../../src/common/countries';
import { benchPhoto } from './badge-sheet-worker';

export const DELEGATIONS = 120;
const CATEGORIES = ['delegate', 'observer', 'speaker', 'media', 'staff', 'security'];
const GIVEN = ['Ayesha', 'Imran', 'Claire', 'Wanjiru', 'Olivia', 'Emre', 'محمد علی', 'Sana', 'Lukas', 'Elif'];
const HONORIFICS = ['H.E. Mr', 'Ms', 'Mr', 'Dr', 'H.E. Ms'];
/** A person's family name: unique in the event, so that the checks can find each one in the document's text. */
export const familyName = (tag: string, index: number) => `${tag}${String(index).padStart(4, '0')}`;

/** 120 delegations: 90 Member States, 6 observer States, then UN entities, other IGOs and NGOs (8 each). */
async function seedDelegations(client: Client, eventId: string): Promise<string[]> {
  const countries = COUNTRIES.slice(0, 96);
  const sections = [
    ...countries.map((_, index) => (index < 90 ? 'member_state' : 'observer_state')),
    ...['un_entity', 'igo', 'civil_society'].flatMap((section) => Array<string>(8).fill(section)),
  ];
  const names = sections.map((_, index) =>
    index < countries.length ? `Republic of ${countries[index].name}` : `International Organisation ${index - countries.length + 1}`,
  );
  const rows: { id: string }[] = (
    await client.query(
      `INSERT INTO delegation (event_id, name, kind, country_code, section, quota, reserved_count, code)
       SELECT $1::uuid, d.name, CASE WHEN d.code IS NULL THEN 'organisation' ELSE 'country' END, d.code, d.section, 100, 0,
              substr(md5($1::text || d.ord), 1, 12)
       FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS d(name, code, section, ord)
       ORDER BY d.ord RETURNING id`,
      [eventId, names, sections.map((_, index) => countries[index]?.code ?? null), sections],
    )
  ).rows;
  return rows.map((row) => row.id);
}

/**
 * `count` confirmed registrations: one in twenty without a delegation, the others spread over the 120 in turn;
 * those without one
 * grouped by organisation (one in three of them with none: "In a personal capacity"); one in seven has a
 * precedence. `listed` people agreed to be on the List of Participants.
 */
async function seedPeople(
  client: Client,
  eventId: string,
  {
    count,
    tag,
    delegations,
    listed,
    accredited,
    from = 1,
  }: { count: number; tag: string; delegations: string[]; listed: boolean; accredited: boolean; from?: number },
): Promise<{ id: string; familyName: string }[]> {
  const result = await client.query<{ id: string; familyName: string }>(
    `INSERT INTO registration (event_id, email, honorific, given_name, family_name, job_title, organisation, nationality, category, status,
                               manage_token_hash, badge_code, delegation_id, is_head_of_delegation, precedence, listed, accreditation_status)
     SELECT e.id, lower($3) || g || '@example.org', ($8::text[])[1 + g % 5], ($7::text[])[1 + g % 10], $3 || lpad(g::text, 4, '0'),
            'Deputy Director, Ministry of Interior',
            CASE WHEN g % 20 = 0 THEN (CASE WHEN g % 60 = 0 THEN NULL ELSE 'Research Institute ' || (g % 7) END) ELSE 'Ministry of Interior' END,
            'PK', ($6::text[])[1 + g % 6], 'confirmed', md5(e.id::text || $3 || g) || md5($3 || g || e.id::text),
            upper(substr(md5($3 || g || 'badge' || e.id::text), 1, 16)),
            CASE WHEN g % 20 = 0 THEN NULL ELSE d.ids[1 + (g - g / 20 - 1) % cardinality(d.ids)] END,
            false, CASE WHEN g % 7 = 0 THEN g % 50 END, $4::boolean,
            CASE WHEN $5::boolean THEN 'accredited' ELSE 'none' END
     FROM (SELECT $1::uuid AS id) e, generate_series($9::int, $9::int + $2::int - 1) g, (SELECT $10::uuid[] AS ids) d
     RETURNING id, family_name AS "familyName"`,
    [eventId, count, tag, listed, accredited, CATEGORIES, GIVEN, HONORIFICS, from, delegations],
  );
  return result.rows;
}

/** The badge sheet's event: `count` accredited people in 120 delegations, each with a photo of their own in stored_file (a 480 × 600 JPEG). */
export async function seedBadges(client: Client, eventId: string, count: number): Promise<void> {
  const delegations = await seedDelegations(client, eventId);
  await seedPeople(client, eventId, { count, tag: 'Badge', delegations, listed: false, accredited: true });
  const photo = await benchPhoto();
  await client.query(
    `WITH files AS (
       INSERT INTO stored_file (event_id, kind, content_type, filename, size_bytes, sha256, data)
       SELECT r.event_id, 'photo', 'image/jpeg', 'photo-' || r.id || '.jpg', octet_length($2::bytea), $3, $2::bytea
       FROM registration r WHERE r.event_id = $1::uuid RETURNING id, filename)
     UPDATE registration r SET photo_file_id = files.id FROM files WHERE files.filename = 'photo-' || r.id || '.jpg'`,
    [eventId, photo, createHash('sha256').update(photo).digest('hex')],
  );
}

/** The List of Participants' event: `count` listed people (see seedPeople), a head for each delegation, and a tenth as many confirmed who did not agree to be listed. */
export async function seedParticipants(client: Client, eventId: string, count: number): Promise<void> {
  const delegations = await seedDelegations(client, eventId);
  await seedPeople(client, eventId, { count, tag: 'Listed', delegations, listed: true, accredited: false });
  // Each delegation's head: its listed member of the smallest family name.
  await client.query(
    `UPDATE registration SET is_head_of_delegation = true WHERE id IN (
       SELECT DISTINCT ON (delegation_id) id FROM registration
        WHERE event_id = $1 AND delegation_id IS NOT NULL ORDER BY delegation_id, family_name)`,
    [eventId],
  );
  await seedPeople(client, eventId, { count: count / 10, tag: 'Unlisted', delegations, listed: false, accredited: false, from: count + 1 });
}

/** A person's passport number in the visa letters' event: found again in their letter by the check. */
export const passportNumber = (index: number) => `BX${String(index).padStart(7, '0')}`;

/**
 * The visa letters' event: `count` accredited people who asked for a letter, each with a passport encrypted
 * under `cipher` exactly as IdentityService.put stores it (AES-256-GCM bound to the row and column), a letter
 * letterhead (a PNG banner) for the caller to upload.
 */
export async function seedLetters(client: Client, eventId: string, count: number, cipher: DataCipher): Promise<{ letterhead: Buffer }> {
  const delegations = await seedDelegations(client, eventId);
  const people = await seedPeople(client, eventId, { count, tag: 'Letter', delegations, listed: false, accredited: true });
  const context = (id: string, column: string) => `registration_identity:${id}:${column}`;
  const encrypted = people.map(({ id, familyName: family }) => {
    const index = Number(family.replace(/\D/g, ''));
    return {
      id,
      number: cipher.encrypt(passportNumber(index), context(id, 'passport_number')).value,
      birth: cipher.encrypt(`19${60 + (index % 40)}-0${1 + (index % 9)}-1${index % 10}`, context(id, 'date_of_birth')).value,
    };
  });
  await client.query(
    `INSERT INTO registration_identity (registration_id, passport_number, date_of_birth, key_id, issuing_country, passport_expiry, needs_visa_letter, updated_at)
     SELECT p.id, p.number, p.birth, $4, 'PK', '2031-06-30', true, now()
     FROM unnest($1::uuid[], $2::bytea[], $3::bytea[]) AS p(id, number, birth)`,
    [encrypted.map((row) => row.id), encrypted.map((row) => row.number), encrypted.map((row) => row.birth), cipher.currentKeyId],
  );
  // Uploaded by the caller through the API, as an organiser does.
  const letterhead = await sharp({ create: { width: 1200, height: 160, channels: 3, background: '#102a5c' } })
    .png()
    .toBuffer();
  return { letterhead };
}

// ---- Checks: the bench fails unless each document is what it should be. ----

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`documents bench: ${message}`);
}

const pdfPages = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
const pdfText = (file: string) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

/** The badge sheet: four badges to a page, a photo on every badge, and a name of the first and the last person. */
export function checkBadgeSheet(file: string, count: number): number {
  const pages = pdfPages(file);
  check(pages === Math.ceil(count / 4), `the badge sheet has ${pages} pages, not ${Math.ceil(count / 4)}`);
  const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\n')
    .slice(2)
    .filter((line) => / jpeg /.test(line)).length;
  check(images === count, `the badge sheet holds ${images} JPEG photos, not ${count}`);
  const text = pdfText(file);
  for (const name of [familyName('Badge', 1), familyName('Badge', count)])
    check(text.includes(name), `the badge sheet does not name ${name}`);
  return pages;
}

/**
 * The List of Participants: every listed person exactly once, nobody who did not agree, the head of each delegation
 * marked, and "Page N" on every page up to the page count pdfinfo gives.
 */
export function checkParticipants(file: string, count: number): number {
  const pages = pdfPages(file);
  const text = pdfText(file);
  const seen = new Map<string, number>();
  for (const match of text.matchAll(/\b(Listed|Unlisted)(\d{4})\b/g)) seen.set(match[0], (seen.get(match[0]) ?? 0) + 1);
  const missing: string[] = [];
  for (let index = 1; index <= count; index++) if (seen.get(familyName('Listed', index)) !== 1) missing.push(familyName('Listed', index));
  check(
    missing.length === 0,
    `the List of Participants does not name ${missing.length} listed people once each (e.g. ${missing.slice(0, 3).join(', ')})`,
  );
  const unlisted = [...seen.keys()].filter((name) => name.startsWith('Unlisted'));
  check(unlisted.length === 0, `the List of Participants names ${unlisted.length} people who did not agree to be listed`);
  const heads = (text.match(/\(Head of Delegation\)/g) ?? []).length;
  check(heads === DELEGATIONS, `the List of Participants marks ${heads} heads of delegation, not ${DELEGATIONS}`);
  const footers = new Set([...text.matchAll(/^Page (\d+)$/gm)].map((match) => Number(match[1])));
  check(
    pages > 1 && footers.size === pages && footers.has(pages),
    `the List of Participants has ${pages} pages but ${footers.size} page numbers`,
  );
  return pages;
}

/**
 * The ZIP of visa letters: `count` PDFs named in order, a letter's text with that person's passport number (the
 * first, middle and last), and the pages of all letters counted (`/Type /Page` objects in `unzip -p`'s output).
 */
export async function checkLetters(file: string, count: number): Promise<number> {
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim() !== '');
  check(names.length === count, `the ZIP holds ${names.length} letters, not ${count}`);
  check(
    names.every((name, index) => name.startsWith(`${String(index + 1).padStart(4, '0')}-Letter`) && name.endsWith('.pdf')),
    `the ZIP's entries are not named 0001-<family>-<reference>.pdf in order (first: ${names[0]})`,
  );
  for (const name of [names[0], names[Math.floor(count / 2)], names[count - 1]]) {
    const index = Number(/-Letter(\d{4})-/.exec(name)?.[1]);
    const text = execFileSync('sh', ['-c', 'unzip -p "$1" "$2" | pdftotext -enc UTF-8 - -', 'sh', file, name], { encoding: 'utf8' });
    check(
      text.includes(passportNumber(index)) && text.includes(familyName('Letter', index)),
      `${name} does not give its person's name and passport number`,
    );
  }
  return new Promise<number>((resolve, reject) => {
    const unzip = spawn('unzip', ['-p', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let pages = 0;
    let tail = '';
    unzip.stdout.setEncoding('latin1');
    unzip.stdout.on('data', (chunk: string) => {
      const text = tail + chunk;
      pages += (text.match(/\/Type \/Page[^s]/g) ?? []).length;
      tail = text.slice(-12);
      if (/\/Type \/Page[^s]/.test(tail)) tail = '';
    });
    unzip.on('error', reject);
    unzip.on('close', (code) =>
      code === 0 && pages >= count ? resolve(pages) : reject(new Error(`documents bench: the letters hold ${pages} pages (unzip ${code})`)),
    );
  });
}
