import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '@/components/avatar';
import { LoadError, Loading } from '@/components/status';
import type { Member, Theme } from '@/lib/api-types';
import { manageErrorMessage, usePeopleOf, useThemeMembership, useUpdateTheme } from '../api/manage';
import { MemberSearch } from './member-search';

function Name({
  member,
}: {
  member: Pick<Member, 'displayName' | 'avatarUrl'> & { furigana?: string | null };
}) {
  return (
    <span className="manage-person">
      <Avatar name={member.displayName} url={member.avatarUrl} size={28} />
      {member.furigana ? (
        <ruby>
          {member.displayName}
          <rp>(</rp>
          <rt>{member.furigana}</rt>
          <rp>)</rp>
        </ruby>
      ) : (
        <span>{member.displayName}</span>
      )}
    </span>
  );
}

/**
 * The theme's people: its members (add by searching the directory, remove) and, for coordinators and
 * admins, its owners.
 */
export function ThemePeople({ theme, canSetOwners }: { theme: Theme; canSetOwners: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const people = usePeopleOf(theme.slug);
  const membership = useThemeMembership(theme.slug);
  const update = useUpdateTheme(theme.slug);
  const ownerIds = theme.owners.map((owner) => owner.id);
  const memberIds = new Set((people.data ?? []).map((member) => member.id));
  const setOwners = (ids: string[]) => update.mutate({ ownerIds: ids });
  const failure = membership.error ?? update.error;

  return (
    <>
      <section aria-labelledby={`${id}-members`} className="manage-section">
        <h2 id={`${id}-members`}>{t('manage.people.heading')}</h2>
        <p className="muted">{t('manage.people.lead')}</p>
        {people.isPending ? (
          <Loading />
        ) : people.isError ? (
          <LoadError retry={() => void people.refetch()} />
        ) : people.data.length === 0 ? (
          <p className="muted">{t('manage.people.none')}</p>
        ) : (
          <ul className="manage-people" aria-label={t('manage.people.heading')}>
            {people.data.map((member) => (
              <li key={member.id}>
                <Name member={member} />
                {ownerIds.includes(member.id) ? (
                  <span className="badge">{t('manage.people.owner')}</span>
                ) : (
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-label={t('manage.people.removeOf', { name: member.displayName })}
                    disabled={membership.isPending}
                    onClick={() => membership.mutate({ memberId: member.id, add: false })}
                  >
                    {t('manage.people.remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        <MemberSearch
          label={t('manage.people.search')}
          listClassName="manage-people manage-results"
          hit={(member) => (
            <li key={member.id}>
              <Name member={member} />
              <span className="manage-actions">
                {!memberIds.has(member.id) && (
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-label={t('manage.people.addOf', { name: member.displayName })}
                    disabled={membership.isPending}
                    onClick={() => membership.mutate({ memberId: member.id, add: true })}
                  >
                    {t('manage.people.add')}
                  </button>
                )}
                {canSetOwners && !ownerIds.includes(member.id) && (
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-label={t('manage.owners.makeOf', { name: member.displayName })}
                    disabled={update.isPending}
                    onClick={() => setOwners([...ownerIds, member.id])}
                  >
                    {t('manage.owners.make')}
                  </button>
                )}
              </span>
            </li>
          )}
        />
        {failure && (
          <p className="form-error" role="alert">
            {manageErrorMessage(failure, t)}
          </p>
        )}
      </section>
      <section aria-labelledby={`${id}-owners`} className="manage-section">
        <h2 id={`${id}-owners`}>{t('manage.owners.heading')}</h2>
        <p className="muted">{t('manage.owners.lead')}</p>
        {theme.owners.length === 0 ? (
          <p className="muted">{t('manage.owners.none')}</p>
        ) : (
          <ul className="manage-people" aria-label={t('manage.owners.heading')}>
            {theme.owners.map((owner) => (
              <li key={owner.id}>
                <Name member={owner} />
                {canSetOwners && (
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-label={t('manage.owners.removeOf', { name: owner.displayName })}
                    disabled={update.isPending}
                    onClick={() => setOwners(ownerIds.filter((ownerId) => ownerId !== owner.id))}
                  >
                    {t('manage.owners.remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
