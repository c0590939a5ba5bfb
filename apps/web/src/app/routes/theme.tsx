import { useParams } from 'react-router';
import { ThemeDetail } from '@/features/themes/components/theme-detail';

export function ThemePage() {
  const { slug = '' } = useParams();
  return (
    <div className="page">
      <ThemeDetail key={slug} slug={slug} />
    </div>
  );
}
