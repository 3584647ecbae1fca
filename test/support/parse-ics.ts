/**
 * Parses an iCalendar file with an independent parser (node-ical, which loads ESM-only packages that Jest
 * cannot) and prints its VEVENTs as one line: `VEVENTS <json>`. Usage: node parse-ics.js <file.ics>
 */
import { readFileSync } from 'node:fs';
import * as ical from 'node-ical';

const parsed = ical.sync.parseICS(readFileSync(process.argv[2], 'utf8'));
const events = Object.values(parsed)
  .filter((component): component is ical.VEvent => component?.type === 'VEVENT')
  .map((event) => ({
    uid: event.uid,
    summary: String(event.summary),
    start: new Date(event.start).toISOString(),
    end: new Date(event.end!).toISOString(),
    location: event.location === undefined ? null : String(event.location),
    description: event.description === undefined ? null : String(event.description),
  }));
process.stdout.write(`VEVENTS ${JSON.stringify(events)}\n`);
