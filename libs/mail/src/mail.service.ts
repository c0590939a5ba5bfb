import { Inject, Injectable, Logger } from '@nestjs/common';
import type { SMTPPoolOptions, SMTPPoolSentMessageInfo, Transporter } from 'nodemailer';
import { classifySmtpError } from './mail.errors';
import { MAIL_TRANSPORT } from './mail.token';

export type MailTransport = Transporter<SMTPPoolSentMessageInfo, SMTPPoolOptions>;

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. `List-Unsubscribe`; they win over the defaults set here. */
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

/**
 * Sends one mail through the shared SMTP pool, from MAIL_FROM. Failures come out as
 * MailTemporaryError (retry later) or MailPermanentError (the address or message was refused), so a
 * job processor can tell whether a retry can help.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);

  constructor(@Inject(MAIL_TRANSPORT) private readonly transport: MailTransport) {}

  async send(message: OutgoingMail): Promise<SentMail> {
    try {
      const info = await this.transport.sendMail({
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        // RFC 3834: vacation responders and other robots do not answer automatic mail.
        headers: { 'Auto-Submitted': 'auto-generated', ...message.headers },
      });
      this.logger.debug({ messageId: info.messageId, response: info.response }, 'mail sent');
      return { messageId: info.messageId, accepted: [...info.accepted], rejected: [...info.rejected] };
    } catch (error) {
      const failure = classifySmtpError(error);
      // The SMTP side of the story; the caller logs which member or job the mail was for.
      this.logger.warn(
        {
          err: error,
          code: failure.code,
          responseCode: failure.responseCode,
          smtpCode: failure.smtpCode,
          response: failure.response,
        },
        'mail not sent',
      );
      throw failure;
    }
  }
}
