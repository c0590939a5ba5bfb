import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { APP_CONFIG, ConfigModule, loadConfig, type AppConfig } from '@app/config';
import { freePort, startSmtpSink, uniqueEmail, type SmtpSink } from '@test/support';
import { MailPermanentError, MailTemporaryError } from './mail.errors';
import { createMailTransport, MailModule } from './mail.module';
import { MailService } from './mail.service';
import { html, layout } from './render';

describe('MailService (real SMTP server)', () => {
  let sink: SmtpSink;
  let config: AppConfig;
  let moduleRef: TestingModule;
  let mail: MailService;

  beforeAll(async () => {
    // The failures below are expected: keep their warnings out of the test output.
    Logger.overrideLogger(['error']);
    sink = await startSmtpSink();
    config = loadConfig({ ...process.env, SMTP_URL: sink.url });
    moduleRef = await Test.createTestingModule({ imports: [ConfigModule, MailModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    await moduleRef.init();
    mail = moduleRef.get(MailService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await sink?.close();
  });

  beforeEach(() => sink.clear());

  it('delivers a Japanese HTML + text mail with its headers intact', async () => {
    const to = uniqueEmail('mail');
    const subject = '【明日】塩尻ワイン会 〜 ぶどう畑で乾杯 🍷';
    const text = '塩尻 太郎 さん\n\n明日のイベントのお知らせです。\n日時: 2026年12月5日(土) 19:00〜21:00';
    const body = html`<p>${'塩尻 太郎 さん'}</p>
      <p>${'明日のイベントのお知らせです。'}</p>`;
    const unsubscribe = '<https://salon.example/mail/unsubscribe?token=abc123>';

    const sent = await mail.send({
      to,
      subject,
      text,
      html: layout({ locale: 'ja', title: subject, preheader: '12月5日(土) 19:00', bodyHtml: body }),
      headers: { 'List-Unsubscribe': unsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });

    expect(sent.messageId).toMatch(/^<.+@.+>$/);
    expect(sent.accepted).toEqual([to]);
    expect(sent.rejected).toEqual([]);
    // The sink replies only once it stored the message.
    expect(sink.messages).toHaveLength(1);
    const received = await sink.waitFor((message) => message.to.includes(to));
    expect(received.subject).toBe(subject);
    expect(received.from).toBe(config.MAIL_FROM);
    expect(received.envelopeFrom).toBe('no-reply@shiojiri-salon.localhost');
    expect(received.to).toEqual([to]);
    expect(received.text.trim()).toBe(text);
    expect(received.html).toContain('<html lang="ja">');
    expect(received.html).toMatch(/<p>塩尻 太郎 さん<\/p>\s*<p>明日のイベントのお知らせです。<\/p>/);
    expect(received.html).toContain('塩尻サロン');
    expect(received.headers.get('message-id')).toBe(sent.messageId);
    expect(received.headers.get('auto-submitted')).toBe('auto-generated');
    expect(received.raw).toMatch(
      /^List-Unsubscribe: <https:\/\/salon\.example\/mail\/unsubscribe\?token=abc123>\r?$/m,
    );
    expect(received.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    // Non-ASCII headers travel as RFC 2047 encoded words and come back decoded.
    expect(received.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
  });

  it('turns a 4xx reply into MailTemporaryError, and the next send goes through', async () => {
    sink.failNextWith(451, '4.3.0 Mailbox busy, try again later');
    const message = { to: uniqueEmail('busy'), subject: '再送テスト', text: 'テスト', html: '<p>テスト</p>' };

    const error = await mail.send(message).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MailTemporaryError);
    expect(error).toMatchObject({ code: 'MAIL_TEMPORARY_FAILURE', responseCode: 451 });
    expect(sink.messages).toHaveLength(0);

    await expect(mail.send(message)).resolves.toMatchObject({ accepted: [message.to] });
    expect((await sink.waitFor((m) => m.to.includes(message.to))).subject).toBe('再送テスト');
  });

  it('turns a 5xx reply into MailPermanentError', async () => {
    sink.failNextWith(550, '5.1.1 No such user here');
    const error = await mail
      .send({ to: uniqueEmail('gone'), subject: 'x', text: 'x', html: '<p>x</p>' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MailPermanentError);
    expect(error).toMatchObject({ code: 'MAIL_REJECTED', responseCode: 550 });
    expect((error as MailPermanentError).message).toContain('No such user here');
    expect(sink.messages).toHaveLength(0);
  });

  it('turns a refused connection into MailTemporaryError', async () => {
    const closed = `smtp://127.0.0.1:${await freePort()}`;
    const transport = createMailTransport(loadConfig({ ...process.env, SMTP_URL: closed }));
    try {
      const error = await new MailService(transport)
        .send({ to: uniqueEmail('nobody'), subject: 'x', text: 'x', html: '<p>x</p>' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MailTemporaryError);
      expect((error as MailTemporaryError).responseCode).toBeUndefined();
    } finally {
      transport.close();
    }
  });
});
