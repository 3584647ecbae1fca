import { Injectable } from '@nestjs/common';
import { FilesService } from '../files/files.service';
import { IdentityService } from '../identity/identity.service';

/** A person's passport as a visa letter prints it (dates as yyyy-mm-dd, the country as an ISO code). */
export interface Passport {
  number: string;
  issuingCountry: string;
  expiry: string;
  dateOfBirth: string;
}

/**
 * Where passport data comes from: the accreditation part of issue 18 keeps it (encrypted); the letters
 * only read it, one person at a time, when a letter is rendered, and never store or log it.
 */
export interface PassportSource {
  read(registrationId: string): Promise<Passport | null>;
}

/** Where a letterhead image comes from: the files table (`stored_file`) of issue 18, by the template's `letterheadFileId`. */
export interface LetterheadSource {
  read(fileId: string): Promise<Buffer | null>;
}

/**
 * The sources the letters read from: passports from the identity feature (decrypted one person at a time,
 * and only for people who asked for a visa letter) and letterheads from the files table. `use` puts others
 * in their place, as the tests' server does (test/support/letters-server.ts).
 */
@Injectable()
export class LetterSources {
  passports: PassportSource;
  letterheads: LetterheadSource;

  constructor(identities: IdentityService, files: FilesService) {
    this.passports = {
      read: async (registrationId) => {
        const identity = await identities.readIdentity(registrationId);
        if (!identity?.needsVisaLetter) return null;
        const { passportNumber: number, issuingCountry, passportExpiry: expiry, dateOfBirth } = identity;
        return { number, issuingCountry, expiry, dateOfBirth };
      },
    };
    this.letterheads = { read: async (fileId) => (await files.read(fileId))?.data ?? null };
  }

  use(sources: { passports?: PassportSource; letterheads?: LetterheadSource }): void {
    if (sources.passports) this.passports = sources.passports;
    if (sources.letterheads) this.letterheads = sources.letterheads;
  }
}
