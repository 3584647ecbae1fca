import { contentSecurityPolicy, securityHeaders } from './security-headers';

describe('security headers', () => {
  it('are helmet’s, with the given Content-Security-Policy', () => {
    const headers = securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } } });
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("img-src 'self' data:");
  });
});

describe('the Content-Security-Policy', () => {
  const policyFor = (publicUrl: string) =>
    securityHeaders({ contentSecurityPolicy: contentSecurityPolicy(publicUrl) })['content-security-policy'];

  it('asks browsers to upgrade requests to https only when Plenary is reached over https', () => {
    expect(policyFor('https://plenary.example.org')).toContain('upgrade-insecure-requests');
    expect(policyFor('http://plenary.test:3333')).not.toContain('upgrade-insecure-requests');
    expect(policyFor('http://localhost:3000')).not.toContain('upgrade-insecure-requests');
  });

  it('allows scripts from this origin only, never inline', () => {
    const scriptSrc = policyFor('https://plenary.example.org')
      .split(';')
      .find((directive) => directive.startsWith('script-src '));
    expect(scriptSrc).toBe("script-src 'self'");
  });
});
