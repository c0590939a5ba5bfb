import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { PageTitle } from '@/components/page-title';
import { ProfileForm } from '@/features/members/components/profile-form';
import { CalendarFeed } from '@/features/settings/components/calendar-feed';
import { DigestPreview } from '@/features/settings/components/digest-preview';
import { NotificationSettingsForm } from '@/features/settings/components/notification-settings-form';

/** /settings/*: the settings pages share a small sub-navigation (プロフィール / 通知). */
export function SettingsLayout() {
  const { t } = useTranslation();
  return (
    <div className="page settings">
      <nav className="subnav" aria-label={t('settings.nav')}>
        <ul>
          <li>
            <NavLink to="/settings/profile">{t('settings.profileTab')}</NavLink>
          </li>
          <li>
            <NavLink to="/settings/notifications">{t('settings.notificationsTab')}</NavLink>
          </li>
          <li>
            <NavLink to="/settings/account">{t('settings.accountTab')}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

export function ProfileSettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('settings.profileTitle')}</PageTitle>
      <ProfileForm />
    </>
  );
}

export function NotificationSettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('settings.notificationsTitle')}</PageTitle>
      <section aria-labelledby="settings-digest" className="settings-section">
        <h2 id="settings-digest">{t('settings.digestTitle')}</h2>
        <NotificationSettingsForm />
      </section>
      <section aria-labelledby="settings-preview" className="settings-section">
        <h2 id="settings-preview">{t('settings.previewTitle')}</h2>
        <DigestPreview />
      </section>
      <section aria-labelledby="settings-feed" className="settings-section">
        <h2 id="settings-feed">{t('settings.feedTitle')}</h2>
        <CalendarFeed />
      </section>
    </>
  );
}
