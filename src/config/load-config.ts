import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';
import { AppConfig } from './app-config';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Every environment variable Plenary reads: the validated properties of AppConfig (those without a default too). */
export function configVariableNames(): string[] {
  const validated = getMetadataStorage().getTargetValidationMetadatas(AppConfig, '', true, false);
  return [...new Set(validated.map((rule) => rule.propertyName))].sort();
}

const knownVariables = new Set(configVariableNames());

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
  const shown = raw === undefined ? 'unset' : error.property.match(/SECRET|PASSWORD|SMTP_URL|KEY/) ? 'hidden' : `'${raw}'`;
  const reasons = Object.values(error.constraints ?? {}).map((message) => message.replace(`${error.property} `, ''));
  return `${error.property} ${reasons.join('; ')} (got ${shown})`;
}
