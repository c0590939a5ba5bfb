import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageTitle } from '@/components/page-title';
import { DataExport } from '@/features/account/components/data-export';
import { LeaveAccount } from '@/features/account/components/leave-account';
import { signOut } from '@/lib/http';
import { clearAllDrafts } from '@/utils/drafts';

/**
 * `/settings/account` (in the settings layout): taking my data with me and leaving. (Password, address and sessions are other sections
 * of this page, from the account settings work; the lead merges both.)
 */
export function AccountSettingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();

  async function left() {
    // The api has ended every session already; this clears the tab's and tells the others.
    await signOut().catch(() => undefined);
    clearAllDrafts(sessionStorage);
    client.clear();
    void navigate('/login?left=1', { replace: true });
  }

  return (
    <>
      <PageTitle>{t('account.title')}</PageTitle>
      <DataExport />
      <LeaveAccount onLeft={() => void left()} />
    </>
  );
}
