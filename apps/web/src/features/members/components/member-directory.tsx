import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Avatar } from '@/components/avatar';
import { LoadError, Loading } from '@/components/status';
import { useDirectory, type DirectoryFilters } from '../api/members';
import { RELATIONS } from '../api/relations';
import { MemberName } from './member-name';

/** How long the search waits after the last keystroke before it asks the api. */
const DEBOUNCE_MS = 250;
const FILTERS = ['q', 'skill', 'relation', 'theme', 'alumni'] as const;

/**
 * A text box bound to a parameter of the address: the address follows the typing 250 ms after the last
 * key; a change of the address from elsewhere (back, a link, "clear") shows in the box, without
 * overwriting what is being typed with what was written a moment ago.
 */
function useParamText(current: string, write: (value: string) => void): [string, (value: string) => void] {
  const [text, setText] = useState(current);
  const written = useRef(current);
  useEffect(() => {
    if (current === written.current) return;
    written.current = current;
    setText(current);
  }, [current]);
  useEffect(() => {
    const value = text.trim();
    if (value === written.current) return;
    const timer = setTimeout(() => {
      written.current = value;
      write(value);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, write]);
  return [text, setText];
}

/**
 * The directory: search as you type (name, furigana, bio, skills; Japanese substrings), filters by skill,
 * relation and theme, names in kana order with their furigana, "load more" with the api's cursor. Every
 * filter lives in the address (`?q=…`), so a search can be shared, reloaded and gone back to.
 */
export function MemberDirectory({ themes }: { themes: { slug: string; title: string }[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const filters: DirectoryFilters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? '']));
  const setFilter = useCallback(
    (key: (typeof FILTERS)[number], value: string) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value.trim()) next.set(key, value.trim());
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const writeQ = useCallback((value: string) => setFilter('q', value), [setFilter]);
  const writeSkill = useCallback((value: string) => setFilter('skill', value), [setFilter]);
  const [text, setText] = useParamText(filters.q ?? '', writeQ);
  const [skill, setSkill] = useParamText(filters.skill ?? '', writeSkill);

  const directory = useDirectory(filters);
  const members = directory.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = FILTERS.some((key) => filters[key]);

  return (
    <div className="directory">
      <div role="search" className="directory-filters" aria-label={t('members.filters')}>
        <div className="field directory-search">
          <label htmlFor={`${id}-q`}>{t('members.search')}</label>
          <input
            id={`${id}-q`}
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-describedby={`${id}-q-hint`}
            autoComplete="off"
          />
          <small id={`${id}-q-hint`} className="muted">
            {t('members.searchHint')}
          </small>
        </div>
        <div className="field">
          <label htmlFor={`${id}-skill`}>{t('members.skill')}</label>
          <input
            id={`${id}-skill`}
            type="text"
            value={skill}
            onChange={(event) => setSkill(event.target.value)}
            aria-describedby={`${id}-skill-hint`}
            autoComplete="off"
          />
          <small id={`${id}-skill-hint`} className="muted">
            {t('members.skillHint')}
          </small>
        </div>
        <div className="field">
          <label htmlFor={`${id}-relation`}>{t('members.relationLabel')}</label>
          <select
            id={`${id}-relation`}
            value={filters.relation}
            onChange={(event) => setFilter('relation', event.target.value)}
          >
            <option value="">{t('members.any')}</option>
            {RELATIONS.map((relation) => (
              <option key={relation} value={relation}>
                {t(`members.relation.${relation}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-theme`}>{t('members.theme')}</label>
          <select
            id={`${id}-theme`}
            value={filters.theme}
            onChange={(event) => setFilter('theme', event.target.value)}
          >
            <option value="">{t('members.any')}</option>
            {themes.map((theme) => (
              <option key={theme.slug} value={theme.slug}>
                {theme.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-check directory-alumni">
          <input
            id={`${id}-alumni`}
            type="checkbox"
            checked={filters.alumni === 'true'}
            onChange={(event) => setFilter('alumni', event.target.checked ? 'true' : '')}
            aria-describedby={`${id}-alumni-hint`}
          />
          <label htmlFor={`${id}-alumni`}>{t('projects.directory.alumniOnly')}</label>
          <small id={`${id}-alumni-hint`} className="muted">
            {t('projects.directory.alumniHint')}
          </small>
        </div>
        {filtered && (
          <button
            type="button"
            className="button button-secondary directory-clear"
            onClick={() => setParams(new URLSearchParams(), { replace: true })}
          >
            {t('members.clear')}
          </button>
        )}
      </div>

      <p className="visually-hidden" role="status" aria-live="polite">
        {directory.isSuccess && !directory.isFetching
          ? members.length
            ? t('members.shown', { count: members.length })
            : t('members.none')
          : ''}
      </p>
      {directory.isPending ? (
        <Loading />
      ) : directory.isError && !members.length ? (
        <LoadError retry={() => void directory.refetch()} />
      ) : members.length === 0 ? (
        <p className="empty">{filtered ? t('members.none') : t('members.empty')}</p>
      ) : (
        <ul className="card-list member-list" aria-busy={directory.isFetching}>
          {members.map((member) => (
            <li key={member.id} className="card member-card">
              <Avatar name={member.displayName} url={member.avatarUrl} size={48} />
              <div className="member-card-body">
                <h2 className="card-title">
                  <Link to={`/members/${member.id}`}>
                    <MemberName name={member.displayName} furigana={member.furigana} />
                  </Link>
                </h2>
                <p className="muted member-card-meta">
                  {[
                    member.relation && t(`members.relation.${member.relation}`),
                    member.homeArea,
                    member.openToHelp && t('members.openToHelp'),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
                {member.skills.length > 0 && (
                  <ul className="tags" aria-label={t('members.skills')}>
                    {member.skills.map((tag) => (
                      <li key={tag}>
                        <button
                          type="button"
                          className="tag"
                          aria-pressed={filters.skill === tag}
                          onClick={() => setFilter('skill', filters.skill === tag ? '' : tag)}
                        >
                          {tag}
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {directory.hasNextPage && (
        <button
          type="button"
          className="button button-secondary load-more"
          disabled={directory.isFetchingNextPage}
          onClick={() => void directory.fetchNextPage()}
        >
          {directory.isFetchingNextPage ? t('app.loading') : t('members.loadMore')}
        </button>
      )}
    </div>
  );
}
