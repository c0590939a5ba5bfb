import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PageTitle } from '@/components/page-title';
import { LoadError, Loading } from '@/components/status';
import { useAllThemes, useCreateTheme, useManagedTheme, useUpdateTheme } from '@/features/manage/api/manage';
import { useManageRights, type ManageRights } from '@/features/manage/api/rights';
import { ArchiveTheme } from '@/features/manage/components/archive-theme';
import { ChannelsManager } from '@/features/manage/components/channels-manager';
import { DigestRuns } from '@/features/manage/components/digest-runs';
import { ManageHub } from '@/features/manage/components/manage-hub';
import { NoPermission } from '@/features/manage/components/no-permission';
import { ProjectsManager } from '@/features/manage/components/projects-manager';
import { RolesManager } from '@/features/manage/components/roles-manager';
import { ThemeForm } from '@/features/manage/components/theme-form';
import { ThemePeople } from '@/features/manage/components/theme-people';
import { InvitationList } from '@/features/invitations/components/invitation-list';
import { InviteForm } from '@/features/invitations/components/invite-form';
import { useMember } from '@/hooks/use-session';
import { ApiError } from '@/lib/http';
import { NotFoundPage } from './not-found';
import './kpis-locales';
import './projects-locales';

/**
 * The screens under /manage show only to those the api lets use them (the api refuses the others anyway):
 * anyone else gets a page that says so.
 */
function Allowed({ when, children }: { when: (rights: ManageRights) => boolean; children: ReactNode }) {
  const rights = useManageRights();
  if (rights.pending) return <Loading />;
  return when(rights) ? children : <NoPermission />;
}

/** `/manage`: the hub. */
export function ManageHubPage() {
  const { t } = useTranslation();
  const rights = useManageRights();
  if (rights.pending) return <Loading />;
  if (!rights.any) return <NoPermission />;
  return (
    <div className="page manage-page">
      <PageTitle>{t('manage.hubTitle')}</PageTitle>
      <p className="muted">{t('manage.hubLead')}</p>
      <ManageHub rights={rights} />
    </div>
  );
}

function NewTheme() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateTheme();
  return (
    <div className="page manage-page">
      <p className="manage-crumb">
        <Link to="/manage">{t('manage.hubTitle')}</Link>
      </p>
      <PageTitle>{t('manage.newTitle')}</PageTitle>
      <ThemeForm
        submitLabel={t('manage.form.create')}
        onSubmit={async (fields) => {
          const theme = await create.mutateAsync(fields);
          void navigate(`/manage/themes/${theme.slug}`);
        }}
      />
    </div>
  );
}

/** `/manage/themes/new`: coordinators and admins. */
export function ManageNewThemePage() {
  return (
    <Allowed when={(rights) => rights.staff}>
      <NewTheme />
    </Allowed>
  );
}

function EditTheme({ slug, staff }: { slug: string; staff: boolean }) {
  const { t, i18n } = useTranslation();
  const theme = useManagedTheme(slug);
  const update = useUpdateTheme(slug);
  if (theme.isPending) return <Loading />;
  if (theme.isError) {
    if (theme.error instanceof ApiError && theme.error.code === 'THEME_NOT_FOUND') return <NotFoundPage />;
    return <LoadError retry={() => void theme.refetch()} />;
  }
  const title = i18n.language === 'en' && theme.data.titleEn ? theme.data.titleEn : theme.data.title;
  return (
    <div className="page manage-page">
      <p className="manage-crumb">
        <Link to="/manage">{t('manage.hubTitle')}</Link>
        {' / '}
        <Link to={`/themes/${slug}`}>{t('manage.viewTheme')}</Link>
      </p>
      <PageTitle>{t('manage.editTitle', { title })}</PageTitle>
      {theme.data.archived && (
        <p className="manage-archived-note" role="note">
          {t('manage.archive.archivedLead')}
        </p>
      )}
      <section aria-labelledby="manage-details" className="manage-section">
        <h2 id="manage-details">{t('manage.details')}</h2>
        <ThemeForm
          key={theme.data.id}
          theme={theme.data}
          submitLabel={t('manage.form.save')}
          onSubmit={(fields) =>
            update.mutateAsync({
              title: fields.title,
              summary: fields.summary,
              titleEn: fields.titleEn,
              summaryEn: fields.summaryEn,
              status: fields.status,
              visibility: fields.visibility,
            })
          }
        />
      </section>
      <ChannelsManager slug={slug} readOnly={theme.data.archived} />
      <ThemePeople theme={theme.data} canSetOwners={staff} />
      <ProjectsManager slug={slug} readOnly={theme.data.archived} />
      <ArchiveTheme theme={theme.data} />
    </div>
  );
}

/** `/manage/themes/:slug`: coordinators, admins and the theme's owners. */
export function ManageThemePage() {
  const { slug = '' } = useParams();
  const rights = useManageRights();
  if (rights.pending) return <Loading />;
  if (!rights.staff && !rights.owned.includes(slug)) return <NoPermission />;
  return <EditTheme key={slug} slug={slug} staff={rights.staff} />;
}

/** `/manage/members`: admins. */
export function ManageMembersPage() {
  const { t } = useTranslation();
  const me = useMember();
  return (
    <Allowed when={(rights) => rights.admin}>
      <div className="page manage-page">
        <p className="manage-crumb">
          <Link to="/manage">{t('manage.hubTitle')}</Link>
        </p>
        <PageTitle>{t('manage.roles.title')}</PageTitle>
        <p className="muted">{t('manage.membersRolesLead')}</p>
        <RolesManager me={me.id} />
      </div>
    </Allowed>
  );
}

/** `/manage/digests`: coordinators and admins (only admins start a run). */
export function ManageDigestsPage() {
  const { t } = useTranslation();
  const me = useMember();
  return (
    <Allowed when={(rights) => rights.staff}>
      <div className="page manage-page">
        <p className="manage-crumb">
          <Link to="/manage">{t('manage.hubTitle')}</Link>
        </p>
        <PageTitle>{t('manage.runs.title')}</PageTitle>
        <DigestRuns canStart={me.role === 'admin'} />
      </div>
    </Allowed>
  );
}

/** `/manage/invitations`: coordinators and admins (any theme, or none), theme owners (their themes). */
export function ManageInvitationsPage() {
  const { t, i18n } = useTranslation();
  const rights = useManageRights();
  const themes = useAllThemes();
  if (rights.pending || themes.isPending) return <Loading />;
  if (!rights.any) return <NoPermission />;
  if (themes.isError) return <LoadError retry={() => void themes.refetch()} />;
  const invitable = themes.data
    .filter((theme) => !theme.archived && (rights.staff || rights.owned.includes(theme.slug)))
    .map((theme) => ({
      slug: theme.slug,
      title: i18n.language === 'en' && theme.titleEn ? theme.titleEn : theme.title,
    }));
  return (
    <div className="page manage-page">
      <p className="manage-crumb">
        <Link to="/manage">{t('manage.hubTitle')}</Link>
      </p>
      <PageTitle>{t('invitations.title')}</PageTitle>
      <p className="muted">{rights.staff ? t('invitations.leadStaff') : t('invitations.leadOwner')}</p>
      <section aria-labelledby="invite-new" className="manage-section">
        <h2 id="invite-new">{t('invitations.new')}</h2>
        <InviteForm themes={invitable} allowNone={rights.staff} />
      </section>
      <section aria-labelledby="invite-list" className="manage-section">
        <h2 id="invite-list">{t('invitations.list')}</h2>
        <InvitationList />
      </section>
    </div>
  );
}
