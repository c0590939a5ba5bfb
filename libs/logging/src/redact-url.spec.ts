import { REDACTED, redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('hides the unsubscribe token of a mail link and keeps the other parameters', () => {
    expect(redactUrl('/api/digests/unsubscribe?token=abc.def&lang=ja')).toBe(
      `/api/digests/unsubscribe?token=${REDACTED}&lang=ja`,
    );
  });

  it('hides every copy of a repeated token and any parameter named like a secret', () => {
    expect(redactUrl('/x?token=a&token=b&resetToken=c&inviteCode=d&q=%E6%BC%86')).toBe(
      `/x?token=${REDACTED}&token=${REDACTED}&resetToken=${REDACTED}&inviteCode=${REDACTED}&q=%E6%BC%86`,
    );
  });

  it('hides the private calendar feed token in the path, with or without its .ics', () => {
    expect(redactUrl('/api/calendar/k3y-s3cret.ics')).toBe(`/api/calendar/${REDACTED}.ics`);
    expect(redactUrl('/api/calendar/k3y-s3cret?x=1')).toBe(`/api/calendar/${REDACTED}?x=1`);
  });

  it("hides the tokens of the verification and reset mails' links to the web pages", () => {
    expect(redactUrl('/verify-email?token=Zm9v-YmFy_0123456789')).toBe(`/verify-email?token=${REDACTED}`);
    expect(redactUrl('/reset-password?lang=en&token=s3cr3t-t0ken')).toBe(
      `/reset-password?lang=en&token=${REDACTED}`,
    );
    expect(redactUrl('/reset-password')).toBe('/reset-password');
  });

  it('leaves URLs without secrets as they are', () => {
    expect(redactUrl('/api/channels/0b6c/messages?beforeSeq=10&limit=50')).toBe(
      '/api/channels/0b6c/messages?beforeSeq=10&limit=50',
    );
    expect(redactUrl('/api/health')).toBe('/api/health');
  });

  it('copes with a parameter name that is not valid percent-encoding', () => {
    expect(redactUrl('/x?%E0%A4%A=1&token=z')).toBe(`/x?%E0%A4%A=1&token=${REDACTED}`);
  });
});
