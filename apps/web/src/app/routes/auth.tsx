import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { PageTitle } from '@/components/page-title';
import { LoginForm } from '@/features/auth/components/login-form';
import { RegisterForm } from '@/features/auth/components/register-form';
import { useSession } from '@/hooks/use-session';

/** Where to go after signing in: the page that sent the member here, on this site only. */
function useNext(): string {
  const [params] = useSearchParams();
  const next = params.get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

function AuthPage({ mode }: { mode: 'login' | 'register' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const next = useNext();
  const [params] = useSearchParams();
  const inviteToken = params.get('invite');
  const session = useSession();
  if (session) return <Navigate to={next} replace />;
  const query = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
  const done = () => void navigate(next, { replace: true });
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <p className="brand brand-large">{t('app.name')}</p>
        <p className="muted">{t('auth.lead')}</p>
        <PageTitle>{mode === 'login' ? t('auth.loginTitle') : t('auth.registerTitle')}</PageTitle>
        {mode === 'login' && params.get('left') === '1' && (
          <p className="form-success" role="status">
            {t('account.leave.goodbye')}
          </p>
        )}
        {mode === 'login' ? (
          <LoginForm onSignedIn={done} registerLink={`/register${query}`} />
        ) : (
          <RegisterForm
            inviteToken={inviteToken}
            loginLink={`/login${query}`}
            // An invitation into a theme opens it.
            onSignedIn={(themeSlug) =>
              void navigate(themeSlug ? `/themes/${themeSlug}` : next, { replace: true })
            }
          />
        )}
      </div>
    </main>
  );
}

export function LoginPage() {
  return <AuthPage mode="login" />;
}

export function RegisterPage() {
  return <AuthPage mode="register" />;
}
