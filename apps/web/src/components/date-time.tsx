import { useTranslation } from 'react-i18next';
import { useSession } from '@/hooks/use-session';
import { formatDateTime, type DateStyle } from '@/utils/format-date';

/** An instant in the member's time zone (Asia/Tokyo before sign-in), in a `<time>` element. */
export function DateTime({ iso, style = 'auto' }: { iso: string; style?: DateStyle }) {
  const { i18n } = useTranslation();
  const timeZone = useSession()?.member.timeZone ?? 'Asia/Tokyo';
  const text = formatDateTime(iso, { locale: i18n.language, timeZone, style });
  const full = formatDateTime(iso, { locale: i18n.language, timeZone, style: 'full' });
  return (
    <time dateTime={iso} title={full}>
      {text}
    </time>
  );
}
