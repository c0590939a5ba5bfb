/** The app's one pooled SMTP transport (nodemailer), shared by every MailService call. */
export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
