import { useTranslation } from 'react-i18next';
import { useTypingMembers } from '../hooks/use-typing';

export function TypingIndicator({ channelId }: { channelId: string }) {
  const { t } = useTranslation();
  const names = useTypingMembers(channelId);
  return (
    <div className="typing" aria-live="polite">
      {names.length > 0
        ? t(names.length === 1 ? 'chat.typingOne' : 'chat.typingMany', {
            names: names.slice(0, 3).join('、'),
          })
        : ''}
    </div>
  );
}
