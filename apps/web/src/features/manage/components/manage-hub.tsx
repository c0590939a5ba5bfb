import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError, Loading } from '@/components/status';
import type { Theme } from '@/lib/api-types';
import { useAllThemes } from '../api/manage';
import type { ManageRights } from '../api/rights';

function themeName(theme: Theme, language: string): string {
  return language === 'en' && theme.titleEn ? theme.titleEn : theme.title;
}

/** The coordinators' hub: the themes they may manage and, by role, the salon's other screens. */
export function ManageHub({ rights }: { rights: ManageRights }) {
  const { t, i18n } = useTranslation();
  const themes = useAllThemes();
  const mine = (themes.data ?? []).filter((theme) => rights.staff || rights.owned.includes(theme.slug));
  const open = mine.filter((theme) => !theme.archived);
  const archived = mine.filter((theme) => theme.archived);

  const list = (items: Theme[]) => (
    <ul className="card-list manage-theme-list">
      {items.map((theme) => (
        <li key={theme.id} className="card manage-theme-row">
          <Link
            to={`/manage/themes/${theme.slug}`}
            aria-label={t('manage.edit', { title: themeName(theme, i18n.language) })}
          >
            {themeName(theme, i18n.language)}
          </Link>
          <span className="badges">
            <span className={`badge badge-${theme.status}`}>{t(`themes.status.${theme.status}`)}</span>
            {theme.visibility === 'private' && (
              <span className="badge badge-private">{t('themes.private')}</span>
            )}
            {theme.archived && <span className="badge badge-archived">{t('manage.archivedBadge')}</span>}
          </span>
        </li>
      ))}
    </ul>
  );

  return (
    <div className="manage-hub">
      <section aria-labelledby="manage-themes">
        <div className="manage-section-head">
          <h2 id="manage-themes">{rights.staff ? t('manage.allThemes') : t('manage.ownedThemes')}</h2>
          {rights.staff && (
            <Link className="button" to="/manage/themes/new">
              {t('manage.newTheme')}
            </Link>
          )}
        </div>
        {themes.isPending ? (
          <Loading />
        ) : themes.isError ? (
          <LoadError retry={() => void themes.refetch()} />
        ) : open.length === 0 && archived.length === 0 ? (
          <p className="muted">{t('manage.noThemes')}</p>
        ) : (
          <>
            {list(open)}
            {archived.length > 0 && (
              <>
                <h3>{t('themes.archivedThemes')}</h3>
                {list(archived)}
              </>
            )}
          </>
        )}
      </section>
      {rights.any && (
        <section aria-labelledby="manage-salon" className="manage-links">
          <h2 id="manage-salon" className="visually-hidden">
            {t('manage.hubTitle')}
          </h2>
          <ul className="card-list">
            {rights.admin && (
              <li className="card">
                <Link to="/manage/members">{t('manage.membersRoles')}</Link>
                <p className="muted">{t('manage.membersRolesLead')}</p>
              </li>
            )}
            <li className="card">
              <Link to="/manage/invitations">{t('manage.invitations')}</Link>
              <p className="muted">{t('manage.invitationsLead')}</p>
            </li>
            {rights.staff && (
              <li className="card">
                <Link to="/admin/kpis">{t('kpis.hubLink')}</Link>
                <p className="muted">{t('kpis.hubLead')}</p>
              </li>
            )}
            {rights.staff && (
              <li className="card">
                <Link to="/manage/digests">{t('manage.digests')}</Link>
                <p className="muted">{t('manage.digestsLead')}</p>
              </li>
            )}
          </ul>
        </section>
      )}
    </div>
  );
}
