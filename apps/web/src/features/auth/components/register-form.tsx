import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { register } from '@/lib/http';
import { AuthForm } from './auth-form';

export function RegisterForm({ onSignedIn, loginLink }: { onSignedIn: () => void; loginLink: string }) {
  const { t } = useTranslation();
  return (
    <AuthForm
      fields={[
        { name: 'displayName', label: t('auth.displayName'), type: 'text', autoComplete: 'nickname' },
        { name: 'email', label: t('auth.email'), type: 'email', autoComplete: 'username' },
        {
          name: 'password',
          label: t('auth.password'),
          type: 'password',
          autoComplete: 'new-password',
          hint: t('auth.passwordHint'),
          minLength: 8,
        },
      ]}
      submitLabel={t('auth.register')}
      onSubmit={async ({ email, password, displayName }) => {
        await register(email, password, displayName);
        onSignedIn();
      }}
      footer={<Link to={loginLink}>{t('auth.toLogin')}</Link>}
    />
  );
}
