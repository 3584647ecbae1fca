import { canonicalTimeZone } from './time-zones';

describe('canonicalTimeZone', () => {
  it('writes a zone typed in any case as IANA does', () => {
    expect(canonicalTimeZone('asia/karachi')).toBe('Asia/Karachi');
    expect(canonicalTimeZone('ASIA/KARACHI')).toBe('Asia/Karachi');
    expect(canonicalTimeZone(' Europe/vienna ')).toBe('Europe/Vienna');
    expect(canonicalTimeZone('america/port-au-prince')).toBe('America/Port-au-Prince');
    expect(canonicalTimeZone('utc')).toBe('UTC');
  });

  it('keeps current names that ICU resolves to older ones', () => {
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('asia/kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('europe/kyiv')).toBe('Europe/Kyiv');
    expect(canonicalTimeZone('america/argentina/buenos_aires')).toBe('America/Argentina/Buenos_Aires');
  });

  it('leaves an unknown zone for validation to refuse', () => {
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBe('Mars/Olympus_Mons');
    expect(canonicalTimeZone('../../../etc/passwd')).toBe('../../../etc/passwd');
  });
});
