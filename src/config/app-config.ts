import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { parseDataKey } from '../common/crypto/data-cipher';

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
};
const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
/** A whole number from the environment, within bounds. (No Nest import here: unit tests load this file.) */
const IntegerSetting =
  (min: number, max: number): PropertyDecorator =>
  (target, property) => {
    for (const decorate of [Transform(toInteger), IsInt(), Min(min), Max(max)]) decorate(target, property);
  };

/** Issue 18 (identity data): a data-encryption key, or a comma-separated list of them, each 32 bytes in hex or base64. */
const DataKeys = (list: boolean): PropertyDecorator =>
  ValidateBy({
    name: 'isDataKey',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        (list ? value.split(',').filter((key) => key.trim() !== '') : [value]).every((key) => parseDataKey(key) !== null),
      defaultMessage: () =>
        list
          ? 'must be a comma-separated list of 32-byte keys, each as 64 hex digits or base64 (e.g. from `openssl rand -base64 32`)'
          : 'must be a 32-byte key as 64 hex digits or base64 (e.g. from `openssl rand -base64 32`)',
    },
  });

/**
 * Every setting Plenary reads from the environment. The property names are the env var names, so an
 * error message names the variable to fix. Defaults suit `npm start` on a laptop.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** PostgreSQL connection string; unset means an embedded PostgreSQL in DATA_DIR/pg. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// connection URL' })
  DATABASE_URL?: string;

  /**
   * What stands between Plenary and PostgreSQL: `none` (a direct connection, or a pooler in session
   * mode), `transaction` (a pooler that may run each transaction on another server connection, such as
   * PgBouncer in transaction mode), or `auto`, which asks the server at start-up (see src/database/README.md).
   */
  @IsIn(['auto', 'none', 'session', 'transaction'], {
    message: 'must be auto, none, session or transaction (statement pooling cannot run Plenary, which uses multi-statement transactions)',
  })
  DATABASE_POOLER: 'auto' | 'none' | 'session' | 'transaction' = 'auto';

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'must be an http(s) URL such as https://plenary.example.org' },
  )
  PUBLIC_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((config: AppConfig) => config.ADMIN_EMAIL !== undefined || config.ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'must be set when ADMIN_EMAIL is set' })
  @MinLength(10, { message: 'must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  /** Required in production; in development a random secret is generated and kept in DATA_DIR. */
  @Transform(emptyToUndefined)
  @ValidateIf((config: AppConfig) => config.NODE_ENV === 'production' || config.JWT_SECRET !== undefined)
  @IsString({ message: 'is required when NODE_ENV=production' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInteger)
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 8 * 3600;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Comma-separated allowed origins, `*` for any; empty disables CORS. */
  @IsString()
  CORS_ORIGINS = '';

  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** The most an event's stored files (photos, letters, documents) may take together, in bytes (src/files). */
  @Transform(toInteger)
  @IsInt()
  @Min(64 * 1024)
  FILES_EVENT_LIMIT_BYTES = 500 * 1024 * 1024;

  /** Login attempts per minute per IP; 0 disables the limit. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  LOGIN_RATE_LIMIT = 10;

  /** A console session ends after this many minutes without a request. */
  @Transform(toInteger)
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  CONSOLE_SESSION_IDLE_MINUTES = 60;

  /** A console session ends this many hours after sign-in, however active. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  CONSOLE_SESSION_MAX_HOURS = 12;

  /** Minutes a password-reset link stays valid. */
  @Transform(toInteger)
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  ACCOUNT_LINK_MINUTES = 60;

  /** Hours a team invitation's set-password link stays valid. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(90 * 24)
  TEAM_INVITATION_HOURS = 7 * 24;

  /** Public registrations per minute per IP; 0 disables the limit. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  REGISTRATION_RATE_LIMIT = 60;

  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY = false;

  /** Mounts the baseline routes of `npm run bench` (never in production). */
  @Transform(toBoolean)
  @IsBoolean()
  BENCH_ROUTES = false;

  /**
   * Seconds a published event's public agenda is served from memory without asking the database. Changes
   * made through this instance show at once; changes made through another instance within this delay.
   * 0 turns the shared cache off (each request then checks the event's revision in the database).
   */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(3600)
  AGENDA_CACHE_SECONDS = 2;

  /** smtp(s)://user:password@host:port; unset writes mail as .eml files to DATA_DIR/mail. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.org:587' })
  SMTP_URL?: string;

  /** The sender of every mail: an address, or `Name <address>`. Message-IDs use its domain. */
  @Matches(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, { message: 'must be an address or "Name <address>"' })
  MAIL_FROM = 'Plenary <plenary@localhost>';

  /** Delivery attempts per mail before it is marked failed (a permanent 5xx answer fails at once). */
  @IntegerSetting(1, 50)
  MAIL_MAX_ATTEMPTS = 8;

  /** First retry delay; each later retry waits about twice as long (with jitter). */
  @IntegerSetting(1, 3600)
  MAIL_RETRY_DELAY_SECONDS = 30;

  /** Mail workers in this instance; 0 means this instance only enqueues and others send. */
  @IntegerSetting(0, 32)
  MAIL_WORKER_CONCURRENCY = 2;

  /** Mails a worker takes from the queue at once. */
  @IntegerSetting(1, 1000)
  MAIL_BATCH_SIZE = 50;

  /** Pooled SMTP connections per instance. */
  @IntegerSetting(1, 100)
  MAIL_SMTP_POOL_SIZE = 5;

  /** Threads that encode and send mail (over SMTP, sharing the pool's connections, or to .eml files): most of a mail's CPU is spent there. */
  @IntegerSetting(1, 16)
  MAIL_SENDER_THREADS = 2;

  /** How long a send may take; a mail held longer (its instance died) is handed to another worker. */
  @IntegerSetting(2, 3600)
  MAIL_SEND_TIMEOUT_SECONDS = 120;

  /** How often an idle worker looks for new mail (new mail from this instance wakes it at once). */
  @IntegerSetting(500, 60_000)
  MAIL_POLL_INTERVAL_MS = 2000;

  /**
   * While this instance is answering requests, a batch of mail waits for a quiet moment, but at most this
   * long after its oldest mail was queued (and a tenth of MAIL_SEND_TIMEOUT_SECONDS at most): a rush is
   * answered first, its mails follow. 0: never wait.
   */
  @IntegerSetting(0, 600)
  MAIL_YIELD_SECONDS = 10;

  /** How often the queue looks for mail abandoned by a crashed instance. */
  @IntegerSetting(1, 3600)
  MAIL_QUEUE_MAINTENANCE_SECONDS = 60;

  /**
   * Issue 18: the key passport and date-of-birth data are encrypted under (AES-256-GCM), 32 bytes as hex
   * or base64. Unset: such data cannot be stored, and an event asking for it cannot be published.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @DataKeys(false)
  DATA_ENCRYPTION_KEY?: string;

  /** Older keys, comma-separated, still used to decrypt while `data:rekey` moves the data to the current key. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @DataKeys(true)
  DATA_ENCRYPTION_OLD_KEYS?: string;

  /** Seed the Islamabad demo at start-up when the database has no event; unset: only in development. */
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  DEMO_SEED?: boolean;

  get demoSeed(): boolean {
    return this.DEMO_SEED ?? this.NODE_ENV === 'development';
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://localhost:${this.PORT}`).replace(/\/+$/, '');
  }

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
  }
}
