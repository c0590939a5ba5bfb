export { MailModule, createMailTransport } from './mail.module';
export { MailService, type OutgoingMail, type SentMail, type MailTransport } from './mail.service';
export { MAIL_TRANSPORT } from './mail.token';
export { MailTemporaryError, MailPermanentError, classifySmtpError, type SmtpFailure } from './mail.errors';
export {
  escapeHtml,
  html,
  raw,
  layout,
  formatDateTime,
  formatDateRange,
  SafeHtml,
  type HtmlValue,
  type LayoutOptions,
  type MailLocale,
} from './render';
