import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageTitle } from '@/components/page-title';
import { EventList } from '@/features/events/components/event-list';
import { useThemes } from '@/features/themes/api/themes';
import { useMember } from '@/hooks/use-session';
import { manageableThemes } from './event-permissions';

/** `/events` — upcoming events (or past ones), filtered by theme; `?past=1&theme=<slug>` keep the choice. */
export function EventsPage() {
  const { t } = useTranslation();
  const me = useMember();
  const themes = useThemes();
  const [params, setParams] = useSearchParams();
  const past = params.get('past') === '1';
  const theme = params.get('theme') ?? '';
  const canCreate = me.role !== 'member' || manageableThemes(themes.data ?? [], me).length > 0;

  function choose(next: { past?: boolean; theme?: string }) {
    const query = new URLSearchParams();
    if (next.past ?? past) query.set('past', '1');
    const slug = next.theme ?? theme;
    if (slug) query.set('theme', slug);
    setParams(query, { replace: true });
  }

  return (
    <div className="page">
      <div className="page-head">
        <PageTitle>{t('events.title')}</PageTitle>
        {canCreate && (
          <Link className="button" to="/events/new">
            {t('events.create')}
          </Link>
        )}
      </div>
      <div className="filters">
        <div className="segmented" role="group" aria-label={t('events.when')}>
          <button type="button" aria-pressed={!past} onClick={() => choose({ past: false })}>
            {t('events.upcoming')}
          </button>
          <button type="button" aria-pressed={past} onClick={() => choose({ past: true })}>
            {t('events.past')}
          </button>
        </div>
        <label className="filter">
          <span>{t('events.filterTheme')}</span>
          <select value={theme} onChange={(e) => choose({ theme: e.target.value })}>
            <option value="">{t('events.allThemes')}</option>
            {(themes.data ?? []).map((item) => (
              <option key={item.id} value={item.slug}>
                {item.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      <EventList filter={{ past, theme }} />
    </div>
  );
}
