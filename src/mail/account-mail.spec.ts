import { MailRenderer } from './mail-renderer';
import { ACCOUNT_MAIL_TEMPLATES, EVENT_MAIL_TEMPLATE_NAMES, MailContext, sampleContext, SAMPLE_EVENT_CONTEXT } from './mail-templates';

describe('Mail about an account (no event)', () => {
  const renderer = new MailRenderer();

  it('is not among the templates an event may override', () => {
    for (const name of ACCOUNT_MAIL_TEMPLATES) expect(EVENT_MAIL_TEMPLATE_NAMES).not.toContain(name);
    expect(EVENT_MAIL_TEMPLATE_NAMES).toContain('team_invitation');
  });

  it.each(ACCOUNT_MAIL_TEMPLATES)('%s renders without an event, with its link in both parts and no event named', (name) => {
    const { event: _event, ...context } = sampleContext(name);
    const mail = renderer.render(name, context as MailContext<typeof name>);
    expect(mail.subject).toBe('Choose a new password for your Plenary account');
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    expect(mail.html).toContain('href="https://plenary.example.org/console/password/reset/sample-token"');
    expect(mail.text).toContain('  https://plenary.example.org/console/password/reset/sample-token\n');
    expect(mail.text).toContain('within 60 minutes');
    expect(mail.html).toContain('<bdi>Dear Dr Amina Rahman</bdi>');
    for (const part of [mail.subject, mail.html, mail.text]) expect(part).not.toContain(SAMPLE_EVENT_CONTEXT.title);
  });

  it('a team invitation names the event, the roles and the set-password link', () => {
    const mail = renderer.render('team_invitation', { ...sampleContext('team_invitation'), roles: ['organiser', 'checkin'] });
    expect(mail.subject).toBe(`You are invited to the team of the ${SAMPLE_EVENT_CONTEXT.title}`);
    expect(mail.text).toContain('team (organiser, checkin)');
    expect(mail.text).toContain('  https://plenary.example.org/console/invitations/sample-token\n');
    expect(mail.text).toContain('within 7 days');
  });
});
