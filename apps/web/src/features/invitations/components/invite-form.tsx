import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formText } from '@/utils/form-text';
import { invitationErrorMessage, useCreateInvitation } from '../api/invitations';

export interface InvitableTheme {
  slug: string;
  title: string;
}

/**
 * Invite someone by mail: the address, the theme they will follow (coordinators may leave it empty: into the
 * salon only) and a note for the mail and the registration page.
 */
export function InviteForm({ themes, allowNone }: { themes: InvitableTheme[]; allowNone: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateInvitation();
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => formText(data, name);
    setSentTo(null);
    const invitation = await create
      .mutateAsync({
        email: text('email'),
        ...(text('themeSlug') && { themeSlug: text('themeSlug') }),
        ...(text('message') && { message: text('message') }),
      })
      .catch(() => null);
    if (invitation) {
      setSentTo(invitation.email);
      form.reset();
    }
  }

  return (
    <form className="stack-form invite-form" onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label htmlFor={`${id}-email`}>{t('invitations.email')}</label>
        <input id={`${id}-email`} name="email" type="email" autoComplete="off" required maxLength={254} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-theme`}>{t('invitations.theme')}</label>
        <select id={`${id}-theme`} name="themeSlug" required={!allowNone} defaultValue="">
          {allowNone ? <option value="">{t('invitations.noTheme')}</option> : <option value="" disabled />}
          {themes.map((theme) => (
            <option key={theme.slug} value={theme.slug}>
              {theme.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-message`}>{t('invitations.message')}</label>
        <textarea id={`${id}-message`} name="message" rows={3} maxLength={1000} />
        <small className="muted">{t('invitations.messageHint')}</small>
      </div>
      {create.isError && (
        <p className="form-error" role="alert">
          {invitationErrorMessage(create.error, t)}
        </p>
      )}
      {sentTo && (
        <p className="form-success" role="status">
          {t('invitations.sent', { email: sentTo })}
        </p>
      )}
      <button type="submit" className="button" disabled={create.isPending}>
        {t('invitations.send')}
      </button>
    </form>
  );
}
