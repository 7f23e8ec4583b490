import { useEffect } from 'preact/hooks';

const SHOP = 'MyGreatCompany shop';

/** Each page names itself in the tab title (screen readers announce it on navigation). */
export function useTitle(page?: string): void {
  useEffect(() => {
    document.title = page ? `${page} – ${SHOP}` : SHOP;
  }, [page]);
}
