import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AudienceOptionsSchema,
  NewsCreateSchema,
  NewsListSchema,
  NewsSchema,
  NewsUpdateSchema,
  ReceiptsSchema,
} from '../../../server/modules/news/news.schema.ts';
import { api } from '../../api/client.ts';

export type NewsList = z.infer<typeof NewsListSchema>;
export type NewsSummary = NewsList['items'][number];
export type News = z.infer<typeof NewsSchema>;
export type NewsInput = z.input<typeof NewsCreateSchema>;
export type NewsUpdate = z.input<typeof NewsUpdateSchema>;
export type AudienceOptions = z.infer<typeof AudienceOptionsSchema>;
export type Receipts = z.infer<typeof ReceiptsSchema>;
export type ReceiptFamily = Receipts['unreached'][number];

export const newsKey = ['news'] as const;

export function useNewsList() {
  return useQuery({ queryKey: [...newsKey, 'list'], queryFn: () => api<NewsList>('GET', '/api/news') });
}

export function useNewsToRead(enabled = true) {
  return useQuery({
    queryKey: [...newsKey, 'unread'],
    enabled,
    queryFn: () => api<{ count: number }>('GET', '/api/news/unread-count'),
  });
}

export function useNews(id: string) {
  return useQuery({ queryKey: [...newsKey, 'one', id], queryFn: () => api<News>('GET', `/api/news/${id}`) });
}

export function useReceipts(id: string) {
  return useQuery({
    queryKey: [...newsKey, 'receipts', id],
    queryFn: () => api<Receipts>('GET', `/api/news/${id}/receipts`),
  });
}

export function useAudienceOptions(schoolId: string | undefined) {
  return useQuery({
    queryKey: [...newsKey, 'options', schoolId],
    enabled: Boolean(schoolId),
    queryFn: () => api<AudienceOptions>('GET', '/api/news/audience-options', undefined, { query: { schoolId } }),
  });
}

/** Refreshes what shows news: the lists, counts and the family home. */
function useRefresh() {
  const qc = useQueryClient();
  return async () => {
    await qc.invalidateQueries({ queryKey: newsKey });
    await qc.invalidateQueries({ queryKey: ['home'] });
  };
}

export function useMarkRead() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (o: { id: string; confirm: boolean }) =>
      api<{ openedAt: string; confirmedAt: string | null }>(
        'POST',
        `/api/news/${o.id}/${o.confirm ? 'confirm' : 'read'}`,
      ),
    onSuccess: refresh,
  });
}

/** Publishes the news, then uploads its files one by one. */
export function usePublish() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (o: { input: NewsInput; files: File[] }) => {
      const news = await api<News>('POST', '/api/news', o.input);
      for (const f of o.files) {
        await api('POST', `/api/news/${news.id}/attachments`, f, { query: { fileName: f.name } });
      }
      return news;
    },
    onSuccess: refresh,
  });
}

/** « Modifier »: saves the news, then uploads the files added. */
export function useUpdateNews() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (o: { id: string; input: NewsUpdate; files: File[] }) => {
      const news = await api<News>('PUT', `/api/news/${o.id}`, o.input);
      for (const f of o.files) {
        await api('POST', `/api/news/${news.id}/attachments`, f, { query: { fileName: f.name } });
      }
      return news;
    },
    onSuccess: refresh,
  });
}

export function useDeleteAttachment() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (o: { id: string; attachmentId: string }) =>
      api<{ ok: true }>('DELETE', `/api/news/${o.id}/attachments/${o.attachmentId}`),
    onSuccess: refresh,
  });
}

/** « Relancer »: those who have not opened (or confirmed) it; once a day. */
export function useRemind() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) => api<{ reminded: number; remindedAt: string }>('POST', `/api/news/${id}/remind`),
    onSuccess: refresh,
  });
}

export function useDeleteNews() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true }>('DELETE', `/api/news/${id}`),
    onSuccess: refresh,
  });
}

export const isToRead = (n: Pick<NewsSummary, 'addressed' | 'status' | 'openedAt' | 'ackRequired' | 'confirmedAt'>) =>
  n.addressed && n.status === 'published' && (n.openedAt === null || (n.ackRequired && n.confirmedAt === null));
