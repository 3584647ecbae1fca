import { Injectable } from '@nestjs/common';

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

const NO_PASSPORTS: PassportSource = { read: () => Promise.resolve(null) };
const NO_LETTERHEADS: LetterheadSource = { read: () => Promise.resolve(null) };

/**
 * The sources the letters read from. Until the accreditation and files parts are merged nothing provides
 * them, so no one has passport data (a letter is refused with PASSPORT_DATA_MISSING) and letters carry no
 * letterhead; they plug in with `use` at start-up (an onModuleInit of their module), as the tests' server
 * does (test/support/letters-server.ts).
 */
@Injectable()
export class LetterSources {
  passports: PassportSource = NO_PASSPORTS;
  letterheads: LetterheadSource = NO_LETTERHEADS;

  use(sources: { passports?: PassportSource; letterheads?: LetterheadSource }): void {
    if (sources.passports) this.passports = sources.passports;
    if (sources.letterheads) this.letterheads = sources.letterheads;
  }
}
