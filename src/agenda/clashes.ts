import { Timed, overlaps } from './agenda-time';

/**
 * Every pair of items that share a key (a room, a speaker) and overlap in time. Items without a key
 * never clash. Back-to-back items (one ends when the other starts) do not clash.
 */
export function clashingPairs<T extends Timed>(items: T[], keyOf: (item: T) => string | null | undefined): [T, T][] {
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null || key === undefined || key === '') continue;
    byKey.set(key, [...(byKey.get(key) ?? []), item]);
  }
  const pairs: [T, T][] = [];
  for (const group of byKey.values()) {
    const sorted = [...group].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && sorted[j].startsAt < sorted[i].endsAt; j++) {
        if (overlaps(sorted[i], sorted[j])) pairs.push([sorted[i], sorted[j]]);
      }
    }
  }
  return pairs;
}

/** Rooms are compared as people type them: "Hall A", "hall a " and "HALL  A" are one room. */
export function roomKey(room: string | null): string | null {
  const key = room?.trim().replace(/\s+/g, ' ').toLowerCase();
  return key ? key : null;
}
