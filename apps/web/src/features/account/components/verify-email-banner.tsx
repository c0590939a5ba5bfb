import { useTranslation } from 'react-i18next';
import { useMember } from '@/hooks/use-session';
import { ResendVerification } from './resend-verification';

/**
 * Tells a member whose address is not verified (or whose new address waits for its check) that digests and
 * event mails wait for it, and offers the mail again. Nothing otherwise.
 */
export function VerifyEmailBanner() {
  const { t } = useTranslation();
  const member = useMember();
  if (member.emailVerified && !member.pendingEmail) return null;
  const text = member.pendingEmail
    ? t('account.verify.bannerPending', { email: member.pendingEmail })
    : t('account.verify.banner', { email: member.email });
  return (
    <section className="verify-banner" aria-label={t('account.verify.bannerLabel')}>
      <p>{text}</p>
      <ResendVerification />
    </section>
  );
}
