import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '@/components/status';
import type { Channel } from '@/lib/api-types';
import {
  errorCode,
  manageErrorMessage,
  useCreateChannel,
  useThemeChannels,
  useUpdateChannel,
} from '../api/manage';

function ChannelRow({ slug, channel, readOnly }: { slug: string; channel: Channel; readOnly: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const update = useUpdateChannel(slug);
  const [name, setName] = useState(channel.name);

  function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim() && name.trim() !== channel.name) update.mutate({ id: channel.id, name: name.trim() });
  }

  return (
    <li className="card manage-channel" data-channel={channel.slug}>
      <form className="manage-inline-form" onSubmit={rename}>
        <label htmlFor={`${id}-name`} className="visually-hidden">
          {t('manage.channels.nameOf', { slug: channel.slug })}
        </label>
        <span className="manage-channel-slug" aria-hidden="true">
          #{channel.slug}
        </span>
        <input
          id={`${id}-name`}
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          maxLength={80}
          disabled={readOnly}
        />
        <button type="submit" className="button button-secondary" disabled={readOnly || update.isPending}>
          {t('manage.channels.rename')}
        </button>
      </form>
      <div className="manage-channel-state">
        {channel.archived && <span className="badge badge-archived">{t('manage.channels.archived')}</span>}
        <button
          type="button"
          className="button button-secondary"
          disabled={readOnly || update.isPending}
          aria-label={`#${channel.slug} ${channel.archived ? t('manage.channels.unarchive') : t('manage.channels.archive')}`}
          onClick={() => update.mutate({ id: channel.id, archived: !channel.archived })}
        >
          {channel.archived ? t('manage.channels.unarchive') : t('manage.channels.archive')}
        </button>
      </div>
      {update.isError && (
        <p className="form-error" role="alert">
          {manageErrorMessage(update.error, t)}
        </p>
      )}
    </li>
  );
}

/** A theme's channels: add one (slug and name), rename, archive and unarchive. */
export function ChannelsManager({ slug, readOnly }: { slug: string; readOnly: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const channels = useThemeChannels(slug);
  const create = useCreateChannel(slug);
  const slugRef = useRef<HTMLInputElement>(null);
  const [newSlug, setNewSlug] = useState('');
  const [newName, setNewName] = useState('');

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      { slug: newSlug.trim(), name: newName.trim() },
      {
        onSuccess: () => {
          setNewSlug('');
          setNewName('');
        },
        onError: (error) => {
          if (errorCode(error) === 'CHANNEL_SLUG_TAKEN') slugRef.current?.focus();
        },
      },
    );
  }
  const slugTaken = errorCode(create.error) === 'CHANNEL_SLUG_TAKEN';

  return (
    <section aria-labelledby={`${id}-heading`} className="manage-section">
      <h2 id={`${id}-heading`}>{t('manage.channels.heading')}</h2>
      {readOnly && <p className="muted">{t('manage.channels.readOnly')}</p>}
      {channels.isPending ? (
        <Loading />
      ) : channels.isError ? (
        <LoadError retry={() => void channels.refetch()} />
      ) : (
        <ul className="card-list">
          {channels.data.map((channel) => (
            <ChannelRow key={channel.id} slug={slug} channel={channel} readOnly={readOnly} />
          ))}
        </ul>
      )}
      {!readOnly && (
        <form className="manage-add-channel" onSubmit={add}>
          <div className="field">
            <label htmlFor={`${id}-slug`}>{t('manage.channels.slug')}</label>
            <input
              ref={slugRef}
              id={`${id}-slug`}
              value={newSlug}
              onChange={(event) => setNewSlug(event.target.value)}
              required
              maxLength={60}
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={slugTaken || undefined}
              aria-describedby={`${id}-slug-hint${slugTaken ? ` ${id}-error` : ''}`}
            />
            <small id={`${id}-slug-hint`} className="muted">
              {t('manage.form.slugHint')}
            </small>
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('manage.channels.name')}</label>
            <input
              id={`${id}-name`}
              value={newName}
              onChange={(event) => setNewName(event.target.value)}
              required
              maxLength={80}
            />
          </div>
          <div>
            <button type="submit" className="button" disabled={create.isPending}>
              {t('manage.channels.add')}
            </button>
          </div>
          {create.isError && (
            <p id={`${id}-error`} className="form-error manage-add-channel-error" role="alert">
              {manageErrorMessage(create.error, t)}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
