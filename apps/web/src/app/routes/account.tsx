import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { PageTitle } from '@/components/page-title';
import { DataExport } from '@/features/account/components/data-export';
import { EmailChange } from '@/features/account/components/email-change';
import { ForgotPasswordForm } from '@/features/account/components/forgot-password-form';
import { LeaveAccount } from '@/features/account/components/leave-account';
import { PasswordChange } from '@/features/account/components/password-change';
import { ResetPasswordForm } from '@/features/account/components/reset-password-form';
import { SessionsList } from '@/features/account/components/sessions-list';
import { VerifyEmailResult } from '@/features/account/components/verify-email-result';
import { signOut } from '@/lib/http';
import { clearAllDrafts } from '@/utils/drafts';

/** The public pages that mails link to: the sign-in pages' card, signed in or not. */
function LinkPage({ title, children }: { title: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <p className="brand brand-large">{t('app.name')}</p>
        <PageTitle>{title}</PageTitle>
        {children}
      </div>
    </main>
  );
}

/** `/verify-email?token=`: the link of the verification mail. */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  return (
    <LinkPage title={t('account.verify.title')}>
      {token ? <VerifyEmailResult token={token} /> : <p role="alert">{t('account.verify.invalid')}</p>}
    </LinkPage>
  );
}

/** `/reset-password`: asks for the address; `?token=` (the link of the reset mail): a new password. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  return (
    <LinkPage title={token ? t('account.reset.newTitle') : t('account.reset.askTitle')}>
      {token ? <ResetPasswordForm token={token} /> : <ForgotPasswordForm />}
    </LinkPage>
  );
}

/**
 * `/settings/account`, under the settings' sub-navigation: one section per concern, each a feature component
 * of its own — address, password, devices, taking my data with me, and leaving.
 */
export function AccountSettingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();

  async function left() {
    // The api has ended every session already; this clears the tab's and tells the others.
    await signOut().catch(() => undefined);
    clearAllDrafts(sessionStorage);
    client.clear();
    void navigate('/login?left=1', { replace: true });
  }

  return (
    <>
      <PageTitle>{t('account.title')}</PageTitle>
      <EmailChange />
      <PasswordChange />
      <SessionsList />
      <DataExport />
      <LeaveAccount onLeft={() => void left()} />
    </>
  );
}
