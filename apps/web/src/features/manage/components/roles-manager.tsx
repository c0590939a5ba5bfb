import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member, Role } from '@/lib/api-types';
import { manageErrorMessage, useSetRole } from '../api/manage';
import { MemberSearch } from './member-search';

const ROLES: Role[] = ['member', 'coordinator', 'admin'];

function RoleRow({ member, me }: { member: Member; me: string }) {
  const { t } = useTranslation();
  const id = useId();
  const setRole = useSetRole();
  const [role, setChoice] = useState<Role>(member.role);
  const current = setRole.data?.role ?? member.role;
  return (
    <li className="card manage-role-row">
      <span className="manage-role-name">
        {member.displayName}
        {member.id === me && <span className="muted"> {t('manage.roles.you')}</span>}
      </span>
      <form
        className="manage-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          setRole.mutate({ memberId: member.id, role });
        }}
      >
        <label htmlFor={`${id}-role`} className="visually-hidden">
          {t('manage.roles.roleOf', { name: member.displayName })}
        </label>
        <select id={`${id}-role`} value={role} onChange={(event) => setChoice(event.target.value as Role)}>
          {ROLES.map((item) => (
            <option key={item} value={item}>
              {t(`manage.roles.${item}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button" disabled={setRole.isPending || role === current}>
          {t('manage.roles.change')}
        </button>
      </form>
      {setRole.isSuccess && (
        <p className="manage-saved" role="status">
          {t('manage.roles.changed', { name: member.displayName, role: t(`manage.roles.${current}`) })}
        </p>
      )}
      {setRole.isError && (
        <p className="form-error" role="alert">
          {manageErrorMessage(setRole.error, t)}
        </p>
      )}
    </li>
  );
}

/** Admins: search members and change their role (member, coordinator, admin). */
export function RolesManager({ me }: { me: string }) {
  const { t } = useTranslation();
  return (
    <div className="manage-roles">
      <MemberSearch
        label={t('manage.roles.search')}
        listClassName="card-list"
        hit={(member) => <RoleRow key={member.id} member={member} me={me} />}
      />
    </div>
  );
}
