import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar } from '@/components/avatar';
import { ConnectionBanner } from '@/components/connection-banner';
import { ChatProvider } from '@/features/chat/components/chat-provider';
import { useManageRights } from '@/features/manage/api/rights';
import { useSession } from '@/hooks/use-session';
import { signOut } from '@/lib/http';
import { applyLocale } from '@/lib/i18n';
import { clearAllDrafts } from '@/utils/drafts';

/** Signed-in pages: header, navigation, the chat connection, and the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const locale = session?.member.locale;
  useEffect(() => applyLocale(locale), [locale]);

  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }

  async function leave() {
    await signOut().catch(() => undefined);
    clearAllDrafts(sessionStorage);
    client.clear();
    void navigate('/login', { replace: true });
  }

  return (
    <ChatProvider>
      <div className="app">
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        <header className="app-header">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          <nav aria-label={t('app.mainNav')}>
            <ul>
              <li>
                <NavLink to="/" end>
                  {t('app.home')}
                </NavLink>
              </li>
              <li>
                <NavLink to="/themes">{t('app.themes')}</NavLink>
              </li>
              <li>
                <NavLink to="/events">{t('app.events')}</NavLink>
              </li>
              <li>
                <NavLink to="/members">{t('members.nav')}</NavLink>
              </li>
              <ManageNavItem />
            </ul>
          </nav>
          <div className="me">
            <span className="me-name" title={t('app.signedInAs', { name: session.member.displayName })}>
              <Avatar name={session.member.displayName} url={session.member.avatarUrl} size={28} />
              <span className="me-label">{session.member.displayName}</span>
            </span>
            <NavLink to="/settings/profile" className="settings-link">
              {t('settings.navLink')}
            </NavLink>
            <button type="button" className="button button-secondary" onClick={() => void leave()}>
              {t('app.signOut')}
            </button>
          </div>
        </header>
        <ConnectionBanner />
        <main id="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </ChatProvider>
  );
}

/** 管理: only for coordinators, admins and theme owners (the screens check again, and so does the api). */
function ManageNavItem() {
  const { t } = useTranslation();
  const rights = useManageRights();
  if (!rights.any) return null;
  return (
    <li>
      <NavLink to="/manage">{t('manage.nav')}</NavLink>
    </li>
  );
}
