import { useApp } from '../support/context';

/**
 * Issue 18: the verification page is limited per address like registration (REGISTRATION_RATE_LIMIT a
 * minute), so references cannot be tried in bulk; the refusal is a page with `Retry-After`, not JSON.
 */
describe('The verification page under a rate limit', () => {
  const ctx = useApp({ REGISTRATION_RATE_LIMIT: '3' });

  it('answers three lookups a minute from one address, then 429 as a page with Retry-After', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++)
      statuses.push((await fetch(`${ctx.app.url}/verify/ISL25-7KQ4-M9XD-2HC${attempt}`)).status);
    expect(statuses).toEqual([404, 404, 404]);
    const limited = await fetch(`${ctx.app.url}/verify/ISL25-7KQ4-M9XD-2HC4`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('text/html');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const page = await limited.text();
    expect(page).toContain('<h1>Too many requests</h1>');
    expect(page).toContain('try again in a minute');
    // Other public pages are not limited with it.
    expect((await fetch(`${ctx.app.url}/`)).status).toBe(200);
  });
});
