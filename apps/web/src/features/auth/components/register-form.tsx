import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '@/components/status';
import type { InvitationPreview } from '@/lib/api-types';
import { ApiError, register } from '@/lib/http';
import { authErrorMessage } from '../api/auth-error';
import { useInvitationPreview, useRegistrationMode } from '../api/invitation';
import { AuthForm } from './auth-form';

function themeTitle(theme: NonNullable<InvitationPreview['theme']>, language: string): string {
  return language === 'en' && theme.titleEn ? theme.titleEn : theme.title;
}

/** Who invited me, into which theme, and what they wrote. */
function InvitationNote({ invitation }: { invitation: InvitationPreview }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="invitation-note" aria-label={t('invite.noteLabel')}>
      <p>
        {invitation.theme
          ? t('invite.intoTheme', {
              name: invitation.invitedBy,
              theme: themeTitle(invitation.theme, i18n.language),
            })
          : t('invite.intoSalon', { name: invitation.invitedBy })}
      </p>
      {invitation.message && <blockquote className="invitation-message">{invitation.message}</blockquote>}
    </section>
  );
}

/**
 * Registration, with the invitation of the mail's link (`/register?invite=<token>`) when there is one. A salon
 * that takes members by invitation only says so instead of showing a form nobody could use.
 */
export function RegisterForm({
  onSignedIn,
  loginLink,
  inviteToken,
}: {
  /** Given the slug of the theme an invitation led into, so the page can open it. */
  onSignedIn: (themeSlug: string | null) => void;
  loginLink: string;
  inviteToken: string | null;
}) {
  const { t } = useTranslation();
  const invitation = useInvitationPreview(inviteToken);
  const mode = useRegistrationMode();
  if ((inviteToken && invitation.isPending) || mode.isPending) return <Loading />;
  const login = <Link to={loginLink}>{t('auth.toLogin')}</Link>;
  if (inviteToken && invitation.isError) {
    const code = invitation.error instanceof ApiError ? invitation.error.code : '';
    return (
      <div className="auth-closed">
        <p role="alert" className="form-error">
          {authErrorMessage(invitation.error, t)}
        </p>
        {code !== 'INVITATION_USED' && <p className="muted">{t('invite.askAgain')}</p>}
        <p className="auth-footer">{login}</p>
      </div>
    );
  }
  if (!inviteToken && mode.data === 'invite') {
    return (
      <div className="auth-closed">
        <p>{t('invite.closed')}</p>
        <p className="auth-footer">{login}</p>
      </div>
    );
  }
  const preview = invitation.data;
  return (
    <>
      {preview && <InvitationNote invitation={preview} />}
      <AuthForm
        fields={[
          { name: 'displayName', label: t('auth.displayName'), type: 'text', autoComplete: 'nickname' },
          {
            name: 'email',
            label: t('auth.email'),
            type: 'email',
            autoComplete: 'username',
            defaultValue: preview?.email,
          },
          {
            name: 'password',
            label: t('auth.password'),
            type: 'password',
            autoComplete: 'new-password',
            hint: t('auth.passwordHint'),
            minLength: 8,
          },
        ]}
        submitLabel={preview ? t('invite.register') : t('auth.register')}
        onSubmit={async ({ email, password, displayName }) => {
          await register(email, password, displayName, inviteToken ?? undefined);
          onSignedIn(preview?.theme?.slug ?? null);
        }}
        footer={login}
      />
    </>
  );
}
