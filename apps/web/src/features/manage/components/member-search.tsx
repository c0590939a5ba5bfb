import { useDeferredValue, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '@/components/status';
import type { Member } from '@/lib/api-types';
import { useMemberSearch } from '../api/manage';

/**
 * Finding a member by name on a managing screen: a search field (the directory's search, as typed) and the
 * hits, each an `<li>` that `hit` renders (a role form; add and owner buttons). Nothing is listed until
 * something is typed.
 */
export function MemberSearch({
  label,
  listClassName,
  hit,
}: {
  label: string;
  listClassName: string;
  hit: (member: Member) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const found = useMemberSearch(deferred);
  return (
    <>
      <div className="field manage-search">
        <label htmlFor={`${id}-search`}>{label}</label>
        <input
          id={`${id}-search`}
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          autoComplete="off"
          aria-describedby={`${id}-hint`}
        />
        <small id={`${id}-hint`} className="muted">
          {t('manage.people.searchHint')}
        </small>
      </div>
      {deferred.trim() &&
        (found.isPending ? (
          <Loading />
        ) : found.isError ? (
          <LoadError retry={() => void found.refetch()} />
        ) : found.data.length === 0 ? (
          <p className="muted">{t('manage.people.noResults')}</p>
        ) : (
          <ul className={listClassName} aria-label={t('manage.people.results')}>
            {found.data.map(hit)}
          </ul>
        ))}
    </>
  );
}
