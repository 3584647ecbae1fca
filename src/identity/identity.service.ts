import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { countryNameOf } from '../common/countries';
import { DataCipher, DataCipherError } from '../common/crypto/data-cipher';
import { ApiError } from '../common/errors/api-error';
import { invalidFields } from '../common/errors/validation';
import type { FieldError } from '../common/errors/api-error';
import { Event } from '../events/event.entity';
import { ACTIVE_STATUSES, Registration } from '../registrations/registration.entity';
import { IdentityDto, IdentityResponse, MaskedIdentityResponse } from './identity.dto';
import { RegistrationIdentity } from './registration-identity.entity';

/** A registration's document, decrypted: what the visa letter renderer reads (`readIdentity`). */
export interface Identity {
  registrationId: string;
  passportNumber: string;
  issuingCountry: string;
  passportExpiry: string;
  dateOfBirth: string;
  needsVisaLetter: boolean;
  updatedAt: Date;
}

/** Re-encryption progress: rows done of the rows that were under another key when it began. */
export interface RekeyProgress {
  done: number;
  total: number;
}

const REKEY_BATCH = 200;
/** What each encrypted column is bound to (AES-GCM associated data): the row and the column. */
const context = (registrationId: string, column: 'passport_number' | 'date_of_birth') =>
  `registration_identity:${registrationId}:${column}`;

/**
 * Passport / ID data (issue 18): stored encrypted, read decrypted only by callers that have been
 * authorised as organisers or accreditation staff of the event (the guard did it), shown masked to the
 * delegate. No method logs a value, and no value is in an error message.
 */
@Injectable()
export class IdentityService implements OnApplicationBootstrap {
  private readonly logger = new Logger(IdentityService.name);
  /** Run in the transaction of every `put`, after the document is written (VisaLetterMail registers one). */
  private readonly savedHooks: ((manager: EntityManager, registrationId: string) => Promise<unknown>)[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: DataCipher,
  ) {}

  /** Says at start-up (by key id) when stored data is under a key this server lacks, so reads would fail. */
  async onApplicationBootstrap(): Promise<void> {
    const rows: { keyId: string; count: string }[] = await this.dataSource.query(
      `SELECT key_id AS "keyId", count(*) AS count FROM registration_identity GROUP BY key_id ORDER BY key_id`,
    );
    for (const { keyId, count } of rows)
      if (!this.cipher.hasKey(keyId))
        this.logger.warn(
          `${count} identity record(s) are encrypted under key id ${keyId}, which is neither DATA_ENCRYPTION_KEY nor in DATA_ENCRYPTION_OLD_KEYS: they cannot be read`,
        );
  }

  /**
   * Registers work to do in the transaction that stores a document, once it is written: a feature that
   * depends on identity (the visa letters) without identity depending on it.
   */
  afterSave(hook: (manager: EntityManager, registrationId: string) => Promise<unknown>): void {
    this.savedHooks.push(hook);
  }

  /** Whether this server can store passport data (DATA_ENCRYPTION_KEY is set). */
  get keyConfigured(): boolean {
    return this.cipher.configured;
  }

  /** The decrypted document of a registration, or null when none was given. For the visa letter renderer: the caller has checked access. */
  async readIdentity(registrationId: string, manager: EntityManager = this.dataSource.manager): Promise<Identity | null> {
    const row = await manager.findOneBy(RegistrationIdentity, { registrationId });
    return row ? this.decrypted(row) : null;
  }

  /** GET /registrations/:id/identity: the document in full; 404 when none was given. */
  async full(registrationId: string): Promise<IdentityResponse> {
    const identity = await this.readIdentity(registrationId);
    if (!identity) throw ApiError.notFound('Identity document');
    return toIdentityResponse(identity);
  }

  /** What the delegate's link shows: the number masked, no date of birth; null when none was given. */
  async masked(registrationId: string): Promise<MaskedIdentityResponse | null> {
    const identity = await this.readIdentity(registrationId);
    return identity ? toMaskedIdentity(identity) : null;
  }

  /**
   * Stores (or replaces) a registration's document, encrypted under the current key. Refused when the
   * event does not ask for it, when the server has no key, and (for the delegate's own link, `ownLink`)
   * when the registration is no longer active. Dates are checked against today (UTC).
   */
  async put(registrationId: string, dto: IdentityDto, { ownLink = false } = {}): Promise<Identity> {
    const problems: FieldError[] = [];
    const today = new Date().toISOString().slice(0, 10);
    if (dto.passportExpiry < today) problems.push({ field: 'passportExpiry', message: 'has passed: give a document that is still valid' });
    if (dto.dateOfBirth >= today) problems.push({ field: 'dateOfBirth', message: 'must be in the past' });
    else if (dto.dateOfBirth < '1900-01-01') problems.push({ field: 'dateOfBirth', message: 'must be after 1900-01-01' });
    return this.dataSource.transaction(async (manager) => {
      // The registration row is locked so that the document is not written for a registration being cancelled.
      const registration = await manager.findOne(Registration, { where: { id: registrationId }, lock: { mode: 'pessimistic_write' } });
      if (!registration) throw ApiError.notFound('Registration');
      const event = await manager.findOneByOrFail(Event, { id: registration.eventId });
      if (!event.asksPassport) throw new ApiError('IDENTITY_NOT_ASKED', 'This event does not ask for passport data');
      if (ownLink && !ACTIVE_STATUSES.includes(registration.status))
        throw new ApiError('CONFLICT', `This registration is ${registration.status}: its passport data can no longer be changed`);
      if (problems.length > 0) throw invalidFields(problems);
      if (!this.cipher.configured) throw keyMissing();
      const number = this.cipher.encrypt(dto.passportNumber, context(registrationId, 'passport_number'));
      const birth = this.cipher.encrypt(dto.dateOfBirth, context(registrationId, 'date_of_birth'));
      await manager.query(
        `INSERT INTO registration_identity (registration_id, passport_number, date_of_birth, key_id, issuing_country, passport_expiry, needs_visa_letter, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (registration_id) DO UPDATE SET passport_number = EXCLUDED.passport_number, date_of_birth = EXCLUDED.date_of_birth,
           key_id = EXCLUDED.key_id, issuing_country = EXCLUDED.issuing_country, passport_expiry = EXCLUDED.passport_expiry,
           needs_visa_letter = EXCLUDED.needs_visa_letter, updated_at = now()`,
        [registrationId, number.value, birth.value, number.keyId, dto.issuingCountry, dto.passportExpiry, dto.needsVisaLetter ?? false],
      );
      for (const hook of this.savedHooks) await hook(manager, registrationId);
      return (await this.readIdentity(registrationId, manager))!;
    });
  }

  /** How many documents are under another key than the current one (what `data:rekey` has to do). */
  async countToRekey(): Promise<number> {
    if (!this.cipher.currentKeyId) throw keyMissing();
    const rows: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM registration_identity WHERE key_id <> $1`,
      [this.cipher.currentKeyId],
    );
    return rows[0].count;
  }

  /**
   * Re-encrypts every document that is under an older key with the current one, in batches of rows locked
   * for the batch (SKIP LOCKED: a row being written meanwhile is written under the current key anyway).
   * A row under a key this server lacks stops it with ENCRYPTION_KEY_UNKNOWN naming the key id, leaving the
   * rows done so far under the new key.
   */
  async rekey(onProgress: (progress: RekeyProgress) => void = () => undefined): Promise<RekeyProgress> {
    const current = this.cipher.currentKeyId;
    if (!current) throw keyMissing();
    const total = await this.countToRekey();
    let done = 0;
    onProgress({ done, total });
    for (;;) {
      const moved = await this.dataSource.transaction(async (manager) => {
        const rows: { registration_id: string }[] = await manager.query(
          `SELECT registration_id FROM registration_identity WHERE key_id <> $1 ORDER BY registration_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [current, REKEY_BATCH],
        );
        for (const { registration_id: id } of rows) {
          const row = await manager.findOneByOrFail(RegistrationIdentity, { registrationId: id });
          const identity = this.decrypted(row);
          const number = this.cipher.encrypt(identity.passportNumber, context(id, 'passport_number'));
          const birth = this.cipher.encrypt(identity.dateOfBirth, context(id, 'date_of_birth'));
          await manager.query(
            `UPDATE registration_identity SET passport_number = $2, date_of_birth = $3, key_id = $4 WHERE registration_id = $1`,
            [id, number.value, birth.value, current],
          );
        }
        return rows.length;
      });
      if (moved === 0) break;
      done += moved;
      onProgress({ done: Math.min(done, total), total: Math.max(total, done) });
    }
    return { done, total: Math.max(total, done) };
  }

  private decrypted(row: RegistrationIdentity): Identity {
    try {
      return {
        registrationId: row.registrationId,
        passportNumber: this.cipher.decrypt(row.passportNumber, row.keyId, context(row.registrationId, 'passport_number')),
        dateOfBirth: this.cipher.decrypt(row.dateOfBirth, row.keyId, context(row.registrationId, 'date_of_birth')),
        issuingCountry: row.issuingCountry,
        passportExpiry: row.passportExpiry,
        needsVisaLetter: row.needsVisaLetter,
        updatedAt: row.updatedAt,
      };
    } catch (error) {
      if (!(error instanceof DataCipherError)) throw error;
      if (error.reason === 'unreadable') throw new ApiError('ENCRYPTED_DATA_INVALID', error.message, { keyId: error.keyId });
      throw new ApiError('ENCRYPTION_KEY_UNKNOWN', error.message, { keyId: error.keyId });
    }
  }
}

export const keyMissing = () =>
  new ApiError(
    'ENCRYPTION_KEY_MISSING',
    'DATA_ENCRYPTION_KEY is not set on this server, so passport data cannot be stored or read: ask the server administrator to set it',
  );

/** "•••• 4567": the last four characters of a number of eight or more, the last two of a shorter one. */
export function maskNumber(number: string): string {
  const shown = number.length >= 8 ? 4 : number.length >= 5 ? 2 : 0;
  return shown ? `•••• ${number.slice(-shown)}` : '••••';
}

export function toIdentityResponse(identity: Identity): IdentityResponse {
  return {
    passportNumber: identity.passportNumber,
    issuingCountry: identity.issuingCountry,
    issuingCountryName: countryNameOf(identity.issuingCountry) ?? identity.issuingCountry,
    passportExpiry: identity.passportExpiry,
    dateOfBirth: identity.dateOfBirth,
    needsVisaLetter: identity.needsVisaLetter,
    updatedAt: identity.updatedAt.toISOString(),
  };
}

export function toMaskedIdentity(identity: Identity): MaskedIdentityResponse {
  return {
    passportNumber: maskNumber(identity.passportNumber),
    issuingCountry: identity.issuingCountry,
    issuingCountryName: countryNameOf(identity.issuingCountry) ?? identity.issuingCountry,
    passportExpiry: identity.passportExpiry,
    dateOfBirthGiven: true,
    needsVisaLetter: identity.needsVisaLetter,
    updatedAt: identity.updatedAt.toISOString(),
  };
}
