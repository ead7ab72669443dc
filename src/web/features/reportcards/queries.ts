import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { formatFigure as formatDotFigure } from '../grades/format.ts';
import type {
  Appreciation,
  AppreciationBody,
  ClassOverview,
  Council,
  CouncilBody,
  PublishResult,
  Reads,
  ReportCard,
  ReportCardList,
  StaffClassList,
} from './types.ts';

const enc = encodeURIComponent;
const classPeriod = (classId: string, periodId: string) =>
  `/api/report-cards/classes/${enc(classId)}/periods/${enc(periodId)}`;
export const overviewKey = (classId: string, periodId: string) => ['report-cards', 'class', classId, periodId] as const;

/** The classes the staff member may open this year, with the year's periods. */
export function useStaffClasses(schoolId: string) {
  return useQuery({
    queryKey: ['report-cards', 'classes', schoolId],
    queryFn: () => api<StaffClassList>('GET', `/api/schools/${enc(schoolId)}/report-cards/classes`),
    enabled: schoolId !== '',
  });
}

export function useClassOverview(classId: string, periodId: string) {
  return useQuery({
    queryKey: overviewKey(classId, periodId),
    queryFn: () => api<ClassOverview>('GET', classPeriod(classId, periodId)),
    enabled: periodId !== '',
  });
}

export function useReads(classId: string, periodId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...overviewKey(classId, periodId), 'reads'],
    queryFn: () => api<Reads>('GET', `${classPeriod(classId, periodId)}/reads`),
    enabled,
  });
}

export function useSaveAppreciation(classId: string, periodId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AppreciationBody) => api<Appreciation>('PUT', '/api/report-cards/appreciations', body),
    // The counts of missing appreciations follow; the fields keep their own state.
    onSuccess: () => qc.invalidateQueries({ queryKey: overviewKey(classId, periodId), exact: true }),
  });
}

export function useSaveCouncil(classId: string, periodId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CouncilBody) => api<Council>('PUT', '/api/report-cards/council', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: overviewKey(classId, periodId), exact: true }),
  });
}

export function usePublish(classId: string, periodId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (publishAt: string | null) =>
      api<PublishResult>('POST', `${classPeriod(classId, periodId)}/publish`, { publishAt }),
    onSuccess: () => qc.invalidateQueries({ queryKey: overviewKey(classId, periodId) }),
  });
}

export const previewPdfUrl = (classId: string, periodId: string, pupilId?: string) =>
  `${classPeriod(classId, periodId)}/pdf${pupilId ? `?pupilId=${enc(pupilId)}` : ''}`;

/** A pupil's published report cards (for families, those whose date has come). */
export function usePupilReportCards(pupilId: string) {
  return useQuery({
    queryKey: ['report-cards', 'pupil', pupilId],
    queryFn: () => api<ReportCardList>('GET', `/api/report-cards/pupils/${enc(pupilId)}`),
  });
}

/** Opening a report card marks it read: the lists are refreshed once it is here. */
export function useReportCard(id: string) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ['report-cards', 'card', id],
    queryFn: async () => {
      const card = await api<ReportCard>('GET', `/api/report-cards/${enc(id)}`);
      // Marked read at once in the lists already loaded (no "Nouveau" while they refetch), then refreshed.
      const now = new Date().toISOString();
      qc.setQueriesData<ReportCardList>({ queryKey: ['report-cards', 'pupil'] }, (list) =>
        list
          ? { reportCards: list.reportCards.map((c) => (c.id === id && !c.readAt ? { ...c, readAt: now } : c)) }
          : list,
      );
      void qc.invalidateQueries({ queryKey: ['report-cards', 'pupil'] });
      return card;
    },
  });
}

export const reportCardPdfUrl = (id: string) => `/api/report-cards/${enc(id)}/pdf`;

/** "12.35" (the overview's dot strings) with the language's decimal separator, Latin digits; null stays null. */
export const formatFigure = (dot: string | null, locale: string): string | null =>
  dot === null ? null : formatDotFigure(dot, locale);
