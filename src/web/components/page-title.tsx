import { useEffect } from 'react';

/** Sets the tab title, so that each page is named for screen readers and history (RGAA 8.5-8.6). */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} — Préau`;
  }, [title]);
}

/** The page's one h1, also its document title. */
export function PageTitle({ children }: { children: string }) {
  usePageTitle(children);
  return <h1>{children}</h1>;
}
