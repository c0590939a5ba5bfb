import { useTranslation } from 'react-i18next';

/**
 * How a person is named on screen: a member who left the salon is 退会したメンバー / "Former member" in the
 * reader's language (the api marks them `former: true`).
 */
export function useMemberName(): (person: { displayName: string; former?: boolean }) => string {
  const { t } = useTranslation();
  return (person) => (person.former ? t('member.former') : person.displayName);
}
