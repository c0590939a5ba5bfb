import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PageTitle } from '@/components/page-title';
import { MemberDirectory } from '@/features/members/components/member-directory';
import { MemberProfileView } from '@/features/members/components/member-profile';
import { themeTitle } from '@/features/themes/components/theme-status';
import { useThemes } from '@/features/themes/api/themes';
import './projects-locales';

/** /members: the directory; its theme filter offers the themes I may see. */
export function MembersPage() {
  const { t, i18n } = useTranslation();
  const themes = useThemes();
  const options = (themes.data ?? []).map((theme) => ({
    slug: theme.slug,
    title: themeTitle(theme, i18n.language),
  }));
  return (
    <div className="page">
      <PageTitle>{t('members.title')}</PageTitle>
      <MemberDirectory themes={options} />
    </div>
  );
}

/** /members/:id: a member's profile. */
export function MemberPage() {
  const { id = '' } = useParams();
  return (
    <div className="page">
      <MemberProfileView key={id} id={id} />
    </div>
  );
}
