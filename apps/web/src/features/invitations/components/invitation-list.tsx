import { useTranslation } from 'react-i18next';
import { DateTime } from '@/components/date-time';
import { LoadError, Loading } from '@/components/status';
import { useMemberName } from '@/hooks/use-member-name';
import type { Invitation } from '@/lib/api-types';
import { invitationErrorMessage, useInvitations, useRevokeInvitation } from '../api/invitations';

/** The invitations I may see (coordinators: all; owners: their themes'), newest first, with their state. */
export function InvitationList() {
  const { t, i18n } = useTranslation();
  const invitations = useInvitations();
  const revoke = useRevokeInvitation();
  const nameOf = useMemberName();
  if (invitations.isPending) return <Loading />;
  if (invitations.isError) return <LoadError retry={() => void invitations.refetch()} />;
  if (!invitations.data.length) return <p className="muted">{t('invitations.none')}</p>;
  const themeOf = (invitation: Invitation) =>
    invitation.theme
      ? i18n.language === 'en' && invitation.theme.titleEn
        ? invitation.theme.titleEn
        : invitation.theme.title
      : t('invitations.noTheme');
  return (
    <>
      {revoke.isError && (
        <p className="form-error" role="alert">
          {invitationErrorMessage(revoke.error, t)}
        </p>
      )}
      <ul className="card-list invitation-list">
        {invitations.data.map((invitation) => (
          <li key={invitation.id} className="card invitation-row">
            <div className="invitation-head">
              <strong className="invitation-email">{invitation.email}</strong>
              <span className={`badge badge-invitation-${invitation.state}`}>
                {t(`invitations.state.${invitation.state}`)}
              </span>
            </div>
            <p className="muted invitation-facts">
              {themeOf(invitation)}
              {invitation.invitedBy && <> · {t('invitations.by', { name: nameOf(invitation.invitedBy) })}</>}
              {' · '}
              <DateTime iso={invitation.createdAt} />
              {invitation.acceptedBy && (
                <> · {t('invitations.acceptedBy', { name: nameOf(invitation.acceptedBy) })}</>
              )}
            </p>
            {invitation.state === 'pending' && (
              <button
                type="button"
                className="button button-secondary"
                disabled={revoke.isPending}
                aria-label={t('invitations.revokeOf', { email: invitation.email })}
                onClick={() => revoke.mutate(invitation.id)}
              >
                {t('invitations.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
