import { useTranslation } from 'react-i18next';

export interface SwitchChild {
  id: string;
  name: string;
}

/**
 * Guardians of several children choose whose day they read: "Tous" or one child. Toggle buttons (`aria-pressed`),
 * so the choice stays on the page (the date and the scroll position are kept).
 */
export function ChildSwitcher({
  items,
  current,
  onChange,
  label,
}: {
  items: SwitchChild[];
  current: string | null;
  onChange: (id: string | null) => void;
  label?: string;
}) {
  const { t } = useTranslation();
  if (items.length < 2) return null;
  const choices = [{ id: null, name: t('families.allChildren') }, ...items];
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not a form's fieldset
    <div role="group" aria-label={label ?? t('families.childChoice')} className="child-switcher">
      {choices.map((c) => (
        <button
          key={c.id ?? 'all'}
          type="button"
          className="button"
          aria-pressed={current === c.id}
          onClick={() => onChange(c.id)}
        >
          <bdi>{c.name}</bdi>
        </button>
      ))}
    </div>
  );
}
