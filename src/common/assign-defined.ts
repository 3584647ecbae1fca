/** Copies the fields given in a request onto an entity: undefined leaves a field as it is, null clears it. */
export function assignDefined<T extends object>(target: T, changes: object): T {
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  return target;
}
