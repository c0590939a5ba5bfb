import { useTranslation } from 'react-i18next';
import { PageTitle } from '@/components/page-title';
import { LatestMentions } from '@/features/chat/components/latest-mentions';
import { UpcomingEvents } from '@/features/events/components/upcoming-events';
import { FollowedThemes } from '@/features/themes/components/followed-themes';

export function HomePage() {
  const { t } = useTranslation();
  return (
    <div className="page home">
      <PageTitle>{t('home.title')}</PageTitle>
      <div className="home-grid">
        <section aria-labelledby="home-themes" className="home-themes">
          <h2 id="home-themes">{t('home.followed')}</h2>
          <FollowedThemes />
        </section>
        <section aria-labelledby="home-mentions">
          <h2 id="home-mentions">{t('home.mentions')}</h2>
          <LatestMentions />
        </section>
        <section aria-labelledby="home-events">
          <h2 id="home-events">{t('home.events')}</h2>
          <UpcomingEvents />
        </section>
      </div>
    </div>
  );
}
