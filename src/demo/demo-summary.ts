import type { DemoSeedResult } from './demo-seed.service';

/** What to open after seeding, and how to sign in as the demo organiser. */
export function printDemoSummary(result: DemoSeedResult, print: (line: string) => void): void {
  print('Open:');
  for (const url of result.urls) print(`  ${url}`);
  print(`Console: ${result.console}`);
  print(`Demo organiser: ${result.organiser.email} / ${result.organiser.password} (sign in to the console, or POST /api/v1/auth/login)`);
  for (const member of result.staff) print(`Demo ${member.role}: ${member.email} / ${member.password}`);
}
