import { Button, OverlayArrow, Tooltip, TooltipTrigger } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { PupilAccommodations } from './types.ts';
import './discipline.css';

/** "Aménagements : tiers-temps, documents agrandis" — the accommodations, never the plan's details. */
export function useAccommodationLabel() {
  const { t } = useTranslation();
  return (a: PupilAccommodations, name: string) =>
    t('support.marker.label', {
      name,
      list: [...a.accommodations.map((c) => t(`support.accommodations.${c}`)), ...a.other].join(', '),
    });
}

/**
 * A discreet marker beside a pupil's name where teachers work (grade grid, roll call, class lists): focusable, its
 * tooltip and accessible name list the accommodations to apply.
 */
export function AccommodationMarker({ accommodations, name }: { accommodations?: PupilAccommodations; name: string }) {
  const label = useAccommodationLabel();
  if (!accommodations) return null;
  const text = label(accommodations, name);
  return (
    <TooltipTrigger delay={200} closeDelay={100}>
      <Button className="accommodation-marker" aria-label={text}>
        <span aria-hidden="true">◆</span>
      </Button>
      <Tooltip className="tooltip" placement="top" offset={6}>
        <OverlayArrow>
          <svg width={8} height={8} viewBox="0 0 8 8" aria-hidden="true">
            <path d="M0 0 L4 4 L8 0" />
          </svg>
        </OverlayArrow>
        {text}
      </Tooltip>
    </TooltipTrigger>
  );
}
