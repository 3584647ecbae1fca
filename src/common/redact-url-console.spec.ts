import { redactUrl } from './redact-url';

describe('redactUrl: the console set-password links (issue 16)', () => {
  it('hides the token of a password reset and of a team invitation', () => {
    expect(redactUrl('/console/password/reset/AbC-12_xyz')).toBe('/console/password/reset/…');
    expect(redactUrl('/console/invitations/AbC-12_xyz?lang=fr')).toBe('/console/invitations/…?lang=fr');
    expect(redactUrl('/console/invitations/AbC-12_xyz/accept')).toBe('/console/invitations/…/accept');
  });

  it("leaves the API's invitation mailings readable", () => {
    expect(redactUrl('/api/v1/events/0b7c/invitations')).toBe('/api/v1/events/0b7c/invitations');
  });
});
