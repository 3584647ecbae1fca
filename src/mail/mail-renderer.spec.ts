import Handlebars from 'handlebars';
import { MailRenderer, MailTemplateError, toSubjectLine } from './mail-renderer';
import { EVENT_MAIL_TEMPLATE_NAMES, MAIL_TEMPLATE_NAMES, MailContext, sampleContext, SAMPLE_EVENT_CONTEXT } from './mail-templates';

describe('MailRenderer', () => {
  const renderer = new MailRenderer();

  describe.each(EVENT_MAIL_TEMPLATE_NAMES)('the %s template, rendered with its sample data', (name) => {
    const context = sampleContext(name);
    const mail = renderer.render(name, context);

    it('has a one-line subject naming the event', () => {
      expect(mail.subject.length).toBeGreaterThan(10);
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.subject).toContain(SAMPLE_EVENT_CONTEXT.title);
    });

    it('has a complete html part with the event, the greeting and its links', () => {
      expect(mail.html).toMatch(/^<!DOCTYPE html>/);
      expect(mail.html).toContain('</html>');
      expect(mail.html).toContain(SAMPLE_EVENT_CONTEXT.title);
      expect(mail.html).toContain(SAMPLE_EVENT_CONTEXT.dates);
      expect(mail.html).toContain(`href="${escape(SAMPLE_EVENT_CONTEXT.url)}"`);
      expect(mail.html).toContain(`Dear ${context.recipient.honorific} ${context.recipient.givenName} ${context.recipient.familyName}`);
      expect(mail.html).not.toContain('{{');
    });

    it('has a readable text part with the same content and no markup', () => {
      expect(mail.text).toContain(SAMPLE_EVENT_CONTEXT.title);
      expect(mail.text).toContain(SAMPLE_EVENT_CONTEXT.dates);
      expect(mail.text).toContain(`Dear ${context.recipient.honorific} ${context.recipient.givenName}`);
      expect(mail.text).not.toMatch(/<\/?[a-z]+[ >]/);
      expect(mail.text).not.toMatch(/\n{3,}/);
      for (const link of Object.values(context).filter(
        (value): value is string => typeof value === 'string' && value.startsWith('https://'),
      )) {
        expect(mail.text).toContain(link);
        expect(mail.html).toContain(escape(link));
      }
    });
  });

  it('escapes user data in html and keeps it intact in the text part', () => {
    const render = (givenName: string) => {
      const context = sampleContext('invitation');
      context.recipient = { honorific: null, givenName, familyName: null };
      return renderer.render('invitation', context);
    };
    const script = render('<script>alert(1)</script>');
    expect(script.html).not.toContain('<script>');
    expect(script.html).toContain('<bdi>Dear &lt;script&gt;alert(1)&lt;/script&gt;</bdi>');
    expect(script.text).toContain('Dear <script>alert(1)</script>,');

    const quoted = render('Renée "Ré" O\'Brien');
    expect(quoted.html).toContain('<bdi>Dear Renée &quot;Ré&quot; O&#x27;Brien</bdi>');
    expect(quoted.text).toContain('Dear Renée "Ré" O\'Brien,');

    for (const name of ['عائشہ خان', 'محمد بن سلمان']) {
      const mail = render(name);
      expect(mail.html).toContain(`<bdi>Dear ${name}</bdi>`);
      expect(mail.text).toContain(`Dear ${name},`);
    }
    expect(render(null as unknown as string).text).toContain('Dear colleague,');
  });

  it('keeps a subject on one line whatever the data holds', () => {
    const context = sampleContext('invitation');
    context.event = { ...SAMPLE_EVENT_CONTEXT, title: 'Conference\r\nBcc: intruder@example.org\n\tX-Injected: yes' };
    const mail = renderer.render('invitation', context);
    expect(mail.subject).toBe('Invitation: Conference Bcc: intruder@example.org X-Injected: yes, 26–27 November 2025');
    expect(toSubjectLine('a\u2028b\u0000c  d ')).toBe('a b c d');
    expect(toSubjectLine('x'.repeat(400))).toHaveLength(250);
  });

  it("shows session times in the event's time zone", () => {
    const mail = renderer.render('speaker_invitation', sampleContext('speaker_invitation'));
    // 04:30Z is 09:30 in Asia/Karachi (UTC+5).
    expect(mail.text).toContain('Wednesday 26 November 2025 at 09:30–10:30 · Plenary hall');
    expect(mail.html).toContain('Wednesday 26 November 2025 at 09:30–10:30');
    const inBrussels = sampleContext('speaker_invitation');
    inBrussels.event = { ...SAMPLE_EVENT_CONTEXT, timezone: 'Europe/Brussels' };
    expect(renderer.render('speaker_invitation', inBrussels).text).toContain('Wednesday 26 November 2025 at 05:30–06:30');
  });

  it('refuses to render with missing data instead of sending a blank', () => {
    const context = sampleContext('waitlisted') as Partial<MailContext<'waitlisted'>>;
    delete context.waitlistPosition;
    expect(() => renderer.render('waitlisted', context as MailContext<'waitlisted'>)).toThrow(MailTemplateError);
  });

  it('checks an override by compiling and rendering it, naming the part and the line', () => {
    const syntax = captureError(() => renderer.validate('invitation', { html: '<p>Hello</p>\n<p>{{#if recipient.givenName}</p>' }));
    expect(syntax).toMatchObject({ part: 'html', line: 2 });
    expect(syntax.reason).toMatch(/^syntax error/);

    const unknown = captureError(() => renderer.validate('invitation', { text: 'Hello\n\n{{recipient.nickname}}' }));
    expect(unknown).toMatchObject({ part: 'text', line: 3 });
    expect(unknown.reason).toContain('"nickname" is not defined');

    expect(captureError(() => renderer.validate('invitation', { subject: '   ' })).part).toBe('subject');

    const good = renderer.validate('invitation', {
      subject: 'You are invited, {{fullName recipient}}',
      text: '{{greeting recipient}}: {{invitationUrl}}',
    });
    expect(good.subject).toBe('You are invited, Dr Amina Rahman');
    expect(good.text).toBe(`Dear Dr Amina Rahman: ${sampleContext('invitation').invitationUrl}\n`);
    expect(good.html).toContain('Register for the event'); // the html part stays the default
  });

  it('compiles each template once and reuses it', () => {
    const fresh = new MailRenderer();
    const afterLoad = fresh.compilations;
    expect(afterLoad).toBeGreaterThanOrEqual(MAIL_TEMPLATE_NAMES.length * 3);
    const override = { subject: 'Welcome to {{event.title}}' };
    for (let i = 0; i < 5; i++) {
      fresh.render('invitation', sampleContext('invitation'));
      fresh.render('invitation', sampleContext('invitation'), override);
    }
    expect(fresh.compilations).toBe(afterLoad + 1);
  });
});

const escape = (value: string) => Handlebars.Utils.escapeExpression(value);

function captureError(action: () => unknown): MailTemplateError {
  try {
    action();
  } catch (error) {
    if (error instanceof MailTemplateError) return error;
    throw error;
  }
  throw new Error('expected a MailTemplateError');
}
