import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { signIn } from '@/lib/http';
import { AuthForm } from './auth-form';

export function LoginForm({ onSignedIn, registerLink }: { onSignedIn: () => void; registerLink: string }) {
  const { t } = useTranslation();
  return (
    <AuthForm
      fields={[
        { name: 'email', label: t('auth.email'), type: 'email', autoComplete: 'username' },
        { name: 'password', label: t('auth.password'), type: 'password', autoComplete: 'current-password' },
      ]}
      submitLabel={t('auth.login')}
      onSubmit={async ({ email, password }) => {
        await signIn(email, password);
        onSignedIn();
      }}
      footer={
        <>
          <Link to="/reset-password">{t('auth.forgotPassword')}</Link>
          <br />
          <Link to={registerLink}>{t('auth.toRegister')}</Link>
        </>
      }
    />
  );
}
