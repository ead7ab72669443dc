import { Button, Link, OverlayArrow, RouterProvider, Tooltip, TooltipTrigger } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
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

/** Where the marker leads: the plans block of the pupil's file (what the reader may see of the plans). */
export const accommodationsHref = (pupilId: string) =>
  `/eleves/${encodeURIComponent(pupilId)}#plans-${encodeURIComponent(pupilId)}`;

/**
 * A discreet marker beside a pupil's name where teachers work (grade grid, roll call, class lists): focusable, its
 * tooltip and accessible name list the accommodations to apply. With `pupilId` (for callers who may open the
 * pupil's file) it is a link to the plans block of the file; without, a button that only shows the tooltip.
 */
export function AccommodationMarker({
  accommodations,
  name,
  pupilId,
}: {
  accommodations?: PupilAccommodations;
  name: string;
  pupilId?: string;
}) {
  const { t } = useTranslation();
  const label = useAccommodationLabel();
  const [, navigate] = useLocation();
  if (!accommodations) return null;
  const text = label(accommodations, name);
  const mark = <span aria-hidden="true">◆</span>;
  return (
    <TooltipTrigger delay={200} closeDelay={100}>
      {pupilId ? (
        // The app's router follows the link (no full reload): wouter's navigate, for this link only.
        <RouterProvider navigate={(to) => navigate(to)}>
          <Link
            className="accommodation-marker"
            href={accommodationsHref(pupilId)}
            aria-label={t('support.marker.linkLabel', { label: text })}
          >
            {mark}
          </Link>
        </RouterProvider>
      ) : (
        <Button className="accommodation-marker" aria-label={text}>
          {mark}
        </Button>
      )}
      <Tooltip className="tooltip" placement="top" offset={6}>
        <OverlayArrow>
          <svg width={8} height={8} viewBox="0 0 8 8" aria-hidden="true">
            <path d="M0 0 L4 4 L8 0" />
          </svg>
        </OverlayArrow>
        {pupilId ? t('support.marker.linkLabel', { label: text }) : text}
      </Tooltip>
    </TooltipTrigger>
  );
}
