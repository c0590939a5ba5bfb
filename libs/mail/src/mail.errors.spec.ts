import { classifySmtpError, MailPermanentError, MailTemporaryError } from './mail.errors';

/** Shaped like the errors nodemailer rejects with. */
function smtpError(
  message: string,
  fields: { code?: string; responseCode?: number; response?: string },
): Error {
  return Object.assign(new Error(message), fields);
}

describe('classifySmtpError', () => {
  it.each([
    ['a 4xx reply', { code: 'EMESSAGE', responseCode: 451, response: '451 4.3.0 try again later' }],
    ['a 421 on connect', { code: 'EPROTOCOL', responseCode: 421 }],
    ['503 bad sequence (a session problem)', { code: 'EPROTOCOL', responseCode: 503 }],
    ['a refused connection', { code: 'ESOCKET' }],
    ['a lost connection', { code: 'ECONNECTION' }],
    ['a timeout', { code: 'ETIMEDOUT' }],
    ['a DNS failure', { code: 'EDNS' }],
    ['an unknown error', {}],
  ])('treats %s as temporary', (_, fields) => {
    const error = classifySmtpError(smtpError('boom', fields));
    expect(error).toBeInstanceOf(MailTemporaryError);
    expect(error).toMatchObject({ code: 'MAIL_TEMPORARY_FAILURE', status: 503, ...pick(fields) });
  });

  it.each([
    ['a refused recipient', { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 no such user' }],
    ['a refused message', { code: 'EMESSAGE', responseCode: 554 }],
    ['a 5xx without a code', { responseCode: 552 }],
    ['an envelope nodemailer cannot build', { code: 'EENVELOPE' }],
  ])('treats %s as permanent', (_, fields) => {
    const error = classifySmtpError(smtpError('boom', fields));
    expect(error).toBeInstanceOf(MailPermanentError);
    expect(error).toMatchObject({ code: 'MAIL_REJECTED', status: 502, ...pick(fields) });
  });

  it('keeps the original as the cause and its text in the message', () => {
    const original = smtpError('Message failed: 550 mailbox unavailable', { responseCode: 550 });
    const error = classifySmtpError(original);
    expect(error.cause).toBe(original);
    expect(error.message).toContain('550 mailbox unavailable');
    expect(error.name).toBe('MailPermanentError');
  });

  it('returns already classified errors and copes with non-errors', () => {
    const classified = new MailPermanentError('no');
    expect(classifySmtpError(classified)).toBe(classified);
    expect(classifySmtpError('weird')).toBeInstanceOf(MailTemporaryError);
    expect(classifySmtpError(undefined).message).toContain('undefined');
  });
});

function pick(fields: { code?: string; responseCode?: number; response?: string }) {
  return { smtpCode: fields.code, responseCode: fields.responseCode, response: fields.response };
}
