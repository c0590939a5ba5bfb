import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The page's `<h1>` and the document title (screen readers announce it on navigation). */
export function PageTitle({
  children,
  visuallyHidden = false,
}: {
  children: string;
  visuallyHidden?: boolean;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${children} | ${t('app.name')}`;
  }, [children, t]);
  return <h1 className={visuallyHidden ? 'visually-hidden' : 'page-title'}>{children}</h1>;
}
