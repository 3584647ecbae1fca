/** PostgreSQL SQLSTATE codes Plenary reacts to. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = (error as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string }) ?? {};
  const source = pgError.driverError ?? pgError;
  return source.code === PG_UNIQUE_VIOLATION && (constraint === undefined || source.constraint === constraint);
}
