import { useTranslation } from 'react-i18next';
import { useCacheValue } from '@/lib/use-cache-value';
import { presenceKey } from '../api/chat-events';

/** Who is online in the theme (the `presence` events of the connection). */
export function PresenceList({ themeId, names }: { themeId: string; names: Map<string, string> }) {
  const { t } = useTranslation();
  const online = useCacheValue<string[]>(presenceKey(themeId), []);
  const known = online.map((id) => names.get(id)).filter((name): name is string => Boolean(name));
  return (
    <details className="presence">
      <summary>
        <span className="presence-dot" aria-hidden="true" />
        {t('chat.onlineCount', { count: online.length })}
      </summary>
      <ul aria-label={t('chat.online')}>
        {known.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
    </details>
  );
}
