import { classifyDeliveryError } from './delivery-failure';

const smtpError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

/** Which 5xx answers fail a mail at once (issue 15): only those to the mail's own commands. */
describe('classifying a 5xx answer by the command it answered', () => {
  it('retries a relay that greets with 5xx (maintenance, a blocklist), as Postfix does (smtp_skip_5xx_greeting)', () => {
    // As nodemailer reports it: the greeting is not 220 (EPROTOCOL), or the relay closes after its 554 (ECONNECTION).
    for (const code of ['EPROTOCOL', 'ECONNECTION']) {
      const failure = classifyDeliveryError(
        smtpError('Invalid greeting. response=554 5.7.1 Service unavailable', {
          code,
          command: 'CONN',
          responseCode: 554,
          response: '554 5.7.1 Service unavailable',
        }),
      );
      expect(failure.permanent).toBe(false);
      expect(failure.error).toContain(code);
      expect(failure.response).toBe('554 5.7.1 Service unavailable');
    }
  });

  it('retries a 5xx answer to EHLO or HELO, before the mail is named', () => {
    for (const command of ['EHLO', 'HELO']) {
      expect(
        classifyDeliveryError(smtpError('Invalid HELO', { code: 'ECONNECTION', command, responseCode: 550, response: '550 go away' }))
          .permanent,
      ).toBe(false);
    }
  });

  it('fails the mail at once on a 5xx answer to its own MAIL FROM, RCPT TO or DATA', () => {
    for (const [command, code] of [
      ['MAIL FROM', 'EENVELOPE'],
      ['RCPT TO', 'EENVELOPE'],
      ['DATA', 'EMESSAGE'],
    ]) {
      expect(
        classifyDeliveryError(smtpError('refused', { code, command, responseCode: 550, response: '550 5.1.1 no such user' })).permanent,
      ).toBe(true);
    }
  });

  it("without a command, counts a 5xx as the mail's own unless the code says it came on connecting", () => {
    expect(classifyDeliveryError(smtpError('refused', { code: 'EENVELOPE', responseCode: 550, response: '550 no' })).permanent).toBe(true);
    expect(classifyDeliveryError(smtpError('refused', { responseCode: 550, response: '550 no' })).permanent).toBe(true);
    expect(classifyDeliveryError(smtpError('greeting', { code: 'EPROTOCOL', responseCode: 554, response: '554 no' })).permanent).toBe(
      false,
    );
  });
});
