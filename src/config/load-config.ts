import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { AppConfig } from './app-config';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const knownVariables = new Set(Object.keys(new AppConfig()).concat(['DATABASE_URL', 'PUBLIC_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'JWT_SECRET', 'SMTP_URL', 'DEMO_SEED']));

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const relevant: Record<string, string> = {};
  for (const name of Object.keys(env)) {
    const value = env[name];
    if (knownVariables.has(name) && value !== undefined) relevant[name] = value;
  }
  const config = plainToInstance(AppConfig, relevant);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(errors.map((error) => describe(error, env)));
  return config;
}

function describe(error: ValidationError, env: Record<string, string | undefined>): string {
  const raw = env[error.property];
  const shown = raw === undefined ? 'unset' : error.property.match(/SECRET|PASSWORD|SMTP_URL/) ? 'hidden' : `'${raw}'`;
  const reasons = Object.values(error.constraints ?? {}).map((message) => message.replace(`${error.property} `, ''));
  return `${error.property} ${reasons.join('; ')} (got ${shown})`;
}
