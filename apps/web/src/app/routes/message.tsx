import { useParams } from 'react-router';
import { Permalink } from '@/features/chat/components/permalink';

export function MessagePage() {
  const { id = '' } = useParams();
  return (
    <div className="page">
      <Permalink key={id} messageId={id} />
    </div>
  );
}
