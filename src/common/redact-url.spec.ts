import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('replaces every secret a URL carries, in the query and in the path', () => {
    expect(redactUrl('/events/x/register?invitation=abc123')).toBe('/events/x/register?invitation=…');
    expect(redactUrl('/events/x/register?delegation=ABCDEF1234&lang=ar')).toBe('/events/x/register?delegation=…&lang=ar');
    expect(redactUrl('/registrations/manage/tok-en_1/cancel')).toBe('/registrations/manage/…/cancel');
    expect(redactUrl('/api/v1/registrations/manage/tok/badge.pdf?download=1')).toBe('/api/v1/registrations/manage/…/badge.pdf?download=1');
    expect(redactUrl('/auth/reset/abc?x=1')).toBe('/auth/reset/…?x=1');
    expect(redactUrl('/x?reset_token=a&accessToken=b&api_key=c&password=d&Token=e')).toBe(
      '/x?reset_token=…&accessToken=…&api_key=…&password=…&Token=…',
    );
    expect(redactUrl('/x?%74oken=a')).toBe('/x?%74oken=…'); // judged by the decoded name
  });

  it('leaves what is not secret readable', () => {
    expect(redactUrl('/api/v1/events/cosom-islamabad-2025/registrations?status=confirmed&delegationId=0b7c&page=2')).toBe(
      '/api/v1/events/cosom-islamabad-2025/registrations?status=confirmed&delegationId=0b7c&page=2',
    );
    expect(redactUrl('/api/v1/events/x/mail-templates/invitation/preview')).toBe('/api/v1/events/x/mail-templates/invitation/preview');
    expect(redactUrl('/')).toBe('/');
    expect(redactUrl('/x?flag&invitation')).toBe('/x?flag&invitation');
  });
});
