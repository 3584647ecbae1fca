import { classifyDeliveryError } from './delivery-failure';

const smtpError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe('classifying a failed send', () => {
  it('fails fast on a permanent 5xx answer', () => {
    const failure = classifyDeliveryError(
      smtpError("Can't send mail - all recipients were rejected: 550 5.1.1 Mailbox unavailable", {
        code: 'EENVELOPE',
        responseCode: 550,
        response: '550 5.1.1 Mailbox unavailable',
      }),
    );
    expect(failure).toEqual({ permanent: true, error: expect.stringContaining('EENVELOPE: '), response: '550 5.1.1 Mailbox unavailable' });
  });

  it('retries a 4xx answer: greylisting, a full mailbox, a busy server', () => {
    for (const responseCode of [421, 450, 451, 452]) {
      expect(
        classifyDeliveryError(smtpError('try later', { code: 'EENVELOPE', responseCode, response: `${responseCode} try later` })).permanent,
      ).toBe(false);
    }
  });

  it('retries connection problems, which have no SMTP answer', () => {
    for (const code of ['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS']) {
      const failure = classifyDeliveryError(smtpError('connect ECONNREFUSED 127.0.0.1:2525', { code }));
      expect(failure.permanent).toBe(false);
      expect(failure.response).toBeNull();
    }
    expect(classifyDeliveryError(new Error('socket hang up')).permanent).toBe(false);
  });

  it("retries Plenary's own misconfiguration (bad credentials) rather than failing a whole mailing", () => {
    expect(
      classifyDeliveryError(smtpError('Invalid login: 535 Authentication failed', { code: 'EAUTH', responseCode: 535 })).permanent,
    ).toBe(false);
  });

  it('hands back a mail dropped from the pool because its batch ran out of time', () => {
    expect(classifyDeliveryError(smtpError('Message sending aborted', { code: 'EABORT' })).permanent).toBe(false);
  });

  it('fails a message that cannot be sent as it is', () => {
    expect(classifyDeliveryError(smtpError('No recipients defined', { code: 'EENVELOPE' })).permanent).toBe(true);
  });

  it('keeps the delivery log short', () => {
    expect(classifyDeliveryError(new Error('x'.repeat(5000))).error.length).toBeLessThanOrEqual(1000);
  });
});
