import { useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError, Loading } from '@/components/status';
import { useEnterSubmit } from '@/hooks/use-enter-submit';
import type { MyProfile, Relation } from '@/lib/api-types';
import { ApiError } from '@/lib/http';
import { applyLocale } from '@/lib/i18n';
import { problemMessageKey, problemsByField } from '@/utils/field-errors';
import { useMyProfile, useUpdateProfile, type ProfileChanges } from '../api/members';
import { RELATIONS } from '../api/relations';
import { timeZoneOptions } from '../api/time-zones';

interface LinkRow {
  key: number;
  label: string;
  url: string;
}

interface FormState {
  displayName: string;
  furigana: string;
  bio: string;
  skills: string[];
  relation: Relation | '';
  homeArea: string;
  links: LinkRow[];
  avatarUrl: string;
  locale: 'ja' | 'en';
  timeZone: string;
  openToHelp: boolean;
}

let nextKey = 1;

function formOf(profile: MyProfile): FormState {
  return {
    displayName: profile.displayName,
    furigana: profile.furigana ?? '',
    bio: profile.bio,
    skills: profile.skills,
    relation: profile.relation ?? '',
    homeArea: profile.homeArea ?? '',
    links: profile.links.map((link) => ({ key: nextKey++, ...link })),
    avatarUrl: profile.avatarUrl ?? '',
    locale: profile.locale,
    timeZone: profile.timeZone,
    openToHelp: profile.openToHelp,
  };
}

/** The whole profile as the api takes it; empty optional texts clear their field (null). */
function changesOf(form: FormState, links: LinkRow[]): ProfileChanges {
  return {
    displayName: form.displayName.trim(),
    furigana: form.furigana.trim() || null,
    bio: form.bio,
    skills: form.skills,
    relation: form.relation || null,
    homeArea: form.homeArea.trim() || null,
    links: links.map(({ label, url }) => ({ label: label.trim(), url: url.trim() })),
    avatarUrl: form.avatarUrl.trim() || null,
    locale: form.locale,
    timeZone: form.timeZone,
    openToHelp: form.openToHelp,
  };
}

export function ProfileForm() {
  const profile = useMyProfile();
  if (profile.isPending) return <Loading />;
  if (profile.isError) return <LoadError retry={() => void profile.refetch()} />;
  return <ProfileFormFields profile={profile.data} />;
}

/**
 * Edit my profile: name, furigana, bio, skills (tags), relation, links (rows), avatar, language, time
 * zone. The api's `VALIDATION_FAILED` problems are shown beside their fields; the language applies at once.
 */
function ProfileFormFields({ profile }: { profile: MyProfile }) {
  const { t } = useTranslation();
  const id = useId();
  const [form, setForm] = useState(() => formOf(profile));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [skillDraft, setSkillDraft] = useState('');
  const update = useUpdateProfile();
  const formRef = useRef<HTMLFormElement>(null);
  const zones = useMemo(() => timeZoneOptions(profile.timeZone), [profile.timeZone]);

  function set<K extends keyof FormState>(key: K, value: FormState[K]) {
    setForm((current) => ({ ...current, [key]: value }));
    setSaved(false);
  }

  function addSkill() {
    const tags = skillDraft
      .split(/[,、，]/)
      .map((tag) => tag.trim())
      .filter(Boolean);
    if (!tags.length) return;
    set('skills', [...new Set([...form.skills, ...tags])]);
    setSkillDraft('');
  }
  const skillKeys = useEnterSubmit<HTMLInputElement>(addSkill);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Rows left wholly empty are dropped; the api's `links.N` then names the Nth row sent.
    const sentLinks = form.links.filter((row) => row.label.trim() || row.url.trim());
    setProblems({});
    setFailure(null);
    setSaved(false);
    try {
      const next = await update.mutateAsync(changesOf(form, sentLinks));
      applyLocale(next.locale);
      setForm(formOf(next));
      setSaved(true);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'VALIDATION_FAILED') {
        const byField = problemsByField(caught.details?.fields);
        // links.N.* → the row's own key, so the message stays beside the row the member typed in.
        const mapped: Record<string, string> = {};
        for (const [field, code] of Object.entries(byField)) {
          const row = /^links\.(\d+)\.(label|url)$/.exec(field);
          if (row) {
            const key = sentLinks[Number(row[1])]?.key;
            if (key !== undefined) mapped[`links.${key}.${row[2]}`] = code;
          } else mapped[field] = code;
        }
        // Rendered at once (not on the next animation frame, which a background window may not get), then
        // the first field with a problem (in the form's order) takes the focus.
        flushSync(() => {
          setProblems(mapped);
          setFailure(t('settings.checkFields'));
        });
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      } else {
        setFailure(t('settings.saveFailed'));
      }
    }
  }

  /** A field's error id and attributes when the api named it. */
  function invalid(field: string) {
    const code = problems[field];
    return code
      ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-${field}-error` }
      : { 'aria-invalid': undefined, 'aria-describedby': undefined };
  }
  function problem(field: string, hint?: string): ReactNode {
    const code = problems[field];
    if (!code) return hint ? <small className="muted">{hint}</small> : null;
    return (
      <p className="field-error" id={`${id}-${field}-error`}>
        {t(problemMessageKey(code))}
      </p>
    );
  }

  return (
    <form ref={formRef} className="settings-form" noValidate onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label htmlFor={`${id}-displayName`}>{t('settings.displayName')}</label>
        <input
          id={`${id}-displayName`}
          value={form.displayName}
          required
          maxLength={50}
          autoComplete="nickname"
          onChange={(event) => set('displayName', event.target.value)}
          {...invalid('displayName')}
        />
        {problem('displayName')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-furigana`}>{t('settings.furigana')}</label>
        <input
          id={`${id}-furigana`}
          value={form.furigana}
          maxLength={100}
          onChange={(event) => set('furigana', event.target.value)}
          {...invalid('furigana')}
        />
        {problem('furigana', t('settings.furiganaHint'))}
      </div>
      <div className="field">
        <label htmlFor={`${id}-bio`}>{t('settings.bio')}</label>
        <textarea
          id={`${id}-bio`}
          value={form.bio}
          rows={5}
          maxLength={2000}
          onChange={(event) => set('bio', event.target.value)}
          {...invalid('bio')}
        />
        {problem('bio')}
      </div>

      <fieldset
        className="field tag-input"
        {...(problems.skills && { 'aria-describedby': `${id}-skills-error` })}
      >
        <legend>{t('settings.skills')}</legend>
        {form.skills.length > 0 && (
          <ul className="tags">
            {form.skills.map((skill) => (
              <li key={skill} className="tag tag-removable">
                {skill}
                <button
                  type="button"
                  className="tag-remove"
                  aria-label={t('settings.removeSkill', { skill })}
                  onClick={() =>
                    set(
                      'skills',
                      form.skills.filter((other) => other !== skill),
                    )
                  }
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="tag-add">
          <label htmlFor={`${id}-skill`} className="visually-hidden">
            {t('settings.newSkill')}
          </label>
          <input
            id={`${id}-skill`}
            value={skillDraft}
            maxLength={30}
            placeholder={t('settings.newSkillPlaceholder')}
            onChange={(event) => setSkillDraft(event.target.value)}
            {...skillKeys}
            {...invalid('skills')}
          />
          <button type="button" className="button button-secondary" onClick={addSkill}>
            {t('settings.addSkill')}
          </button>
        </div>
        {problem('skills', t('settings.skillsHint'))}
      </fieldset>

      <div className="field">
        <label htmlFor={`${id}-relation`}>{t('members.relationLabel')}</label>
        <select
          id={`${id}-relation`}
          value={form.relation}
          onChange={(event) => set('relation', event.target.value as Relation | '')}
          {...invalid('relation')}
        >
          <option value="">{t('settings.unset')}</option>
          {RELATIONS.map((relation) => (
            <option key={relation} value={relation}>
              {t(`members.relation.${relation}`)}
            </option>
          ))}
        </select>
        {problem('relation')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-homeArea`}>{t('settings.homeArea')}</label>
        <input
          id={`${id}-homeArea`}
          value={form.homeArea}
          maxLength={100}
          onChange={(event) => set('homeArea', event.target.value)}
          {...invalid('homeArea')}
        />
        {problem('homeArea', t('settings.homeAreaHint'))}
      </div>

      <fieldset className="field link-rows">
        <legend>{t('settings.links')}</legend>
        {form.links.map((row, index) => (
          <div
            className="link-row"
            key={row.key}
            role="group"
            aria-label={t('settings.linkN', { n: index + 1 })}
          >
            <div className="field">
              <label htmlFor={`${id}-link-${row.key}-label`}>{t('settings.linkLabel')}</label>
              <input
                id={`${id}-link-${row.key}-label`}
                value={row.label}
                maxLength={50}
                onChange={(event) =>
                  set(
                    'links',
                    form.links.map((other) =>
                      other.key === row.key ? { ...other, label: event.target.value } : other,
                    ),
                  )
                }
                {...invalid(`links.${row.key}.label`)}
              />
              {problem(`links.${row.key}.label`)}
            </div>
            <div className="field">
              <label htmlFor={`${id}-link-${row.key}-url`}>{t('settings.linkUrl')}</label>
              <input
                id={`${id}-link-${row.key}-url`}
                type="url"
                inputMode="url"
                value={row.url}
                maxLength={500}
                placeholder="https://"
                onChange={(event) =>
                  set(
                    'links',
                    form.links.map((other) =>
                      other.key === row.key ? { ...other, url: event.target.value } : other,
                    ),
                  )
                }
                {...invalid(`links.${row.key}.url`)}
              />
              {problem(`links.${row.key}.url`)}
            </div>
            <button
              type="button"
              className="button button-secondary link-remove"
              aria-label={t('settings.removeLinkN', { n: index + 1 })}
              onClick={() =>
                set(
                  'links',
                  form.links.filter((other) => other.key !== row.key),
                )
              }
            >
              {t('settings.removeLink')}
            </button>
          </div>
        ))}
        {problems.links &&
          !Object.keys(problems).some((field) => field.startsWith('links.')) &&
          problem('links')}
        {form.links.length < 10 && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => set('links', [...form.links, { key: nextKey++, label: '', url: '' }])}
          >
            {t('settings.addLink')}
          </button>
        )}
      </fieldset>

      <div className="field">
        <label htmlFor={`${id}-avatarUrl`}>{t('settings.avatarUrl')}</label>
        <input
          id={`${id}-avatarUrl`}
          type="url"
          inputMode="url"
          value={form.avatarUrl}
          maxLength={500}
          placeholder="https://"
          onChange={(event) => set('avatarUrl', event.target.value)}
          {...invalid('avatarUrl')}
        />
        {problem('avatarUrl', t('settings.avatarUrlHint'))}
      </div>

      <div className="field field-check">
        <input
          id={`${id}-openToHelp`}
          type="checkbox"
          checked={form.openToHelp}
          onChange={(event) => set('openToHelp', event.target.checked)}
        />
        <label htmlFor={`${id}-openToHelp`}>{t('settings.openToHelp')}</label>
      </div>

      <fieldset className="field radio-group">
        <legend>{t('settings.locale')}</legend>
        {(['ja', 'en'] as const).map((locale) => (
          <label key={locale} className="radio">
            <input
              type="radio"
              name={`${id}-locale`}
              value={locale}
              checked={form.locale === locale}
              onChange={() => set('locale', locale)}
            />
            <span lang={locale}>{locale === 'ja' ? '日本語' : 'English'}</span>
          </label>
        ))}
        {problem('locale')}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-timeZone`}>{t('settings.timeZone')}</label>
        <select
          id={`${id}-timeZone`}
          value={form.timeZone}
          onChange={(event) => set('timeZone', event.target.value)}
          {...invalid('timeZone')}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
        {problem('timeZone')}
      </div>

      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      <p role="status" className={saved ? 'form-success' : 'visually-hidden'}>
        {saved ? t('settings.saved') : ''}
      </p>
      <div className="form-actions">
        <button type="submit" className="button" disabled={update.isPending}>
          {update.isPending ? t('settings.saving') : t('settings.save')}
        </button>
        <Link to={`/members/${profile.id}`}>{t('settings.viewProfile')}</Link>
      </div>
    </form>
  );
}
