import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export type Folder = 'inbox' | 'sent' | 'drafts' | 'trash';
export type AudienceEntry =
  | { type: 'person'; id: string; firstName: string; lastName: string }
  | { type: 'group'; kind: string; name: string; count: number };
export interface Sender {
  id: string;
  firstName: string;
  lastName: string;
  role: string;
}
export interface MessageSummary {
  id: string;
  threadId: string;
  subject: string;
  preview: string;
  sender: Sender;
  audience: AudienceEntry[];
  recipientCount: number;
  sentAt: string | null;
  updatedAt: string;
  read: boolean;
  isOwn: boolean;
}
export interface Message extends MessageSummary {
  bodyHtml: string;
  parentId: string | null;
  trashed: boolean;
  abilities: { reply: boolean; replyAll: boolean; report: boolean; readStatus: boolean };
  replyAllIds: string[];
}
export type RecipientChoice = { type: 'person'; id: string } | { type: 'group'; key: string };
export interface PersonHit {
  id: string;
  firstName: string;
  lastName: string;
  roles: string[];
  children: Array<{ firstName: string; lastName: string; className: string | null }>;
}
export interface GroupHit {
  key: string;
  kind: string;
  name: string;
  count: number;
}

export const messagesKey = ['messages'] as const;

export function useFolder(folder: Folder, q: string) {
  return useQuery({
    queryKey: [...messagesKey, 'folder', folder, q],
    queryFn: () =>
      api<{ items: MessageSummary[]; nextCursor: string | null }>(
        'GET',
        `/api/messages?folder=${folder}${q ? `&q=${encodeURIComponent(q)}` : ''}`,
      ),
  });
}

export function useUnreadMessages() {
  return useQuery({
    queryKey: [...messagesKey, 'unread'],
    queryFn: () => api<{ count: number }>('GET', '/api/messages/unread-count'),
  });
}

export function useConversation(id: string) {
  return useQuery({
    queryKey: [...messagesKey, 'conversation', id],
    queryFn: () => api<{ threadId: string; subject: string; messages: Message[] }>('GET', `/api/messages/${id}`),
  });
}

export function useReadStatus(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...messagesKey, 'read-status', id],
    enabled,
    queryFn: () =>
      api<{
        readReceipts: boolean;
        total: number;
        readCount: number | null;
        recipients: Array<{ id: string; firstName: string; lastName: string; readAt: string | null }>;
      }>('GET', `/api/messages/${id}/read-status`),
  });
}

export function useRecipientSearch(q: string) {
  return useQuery({
    queryKey: [...messagesKey, 'recipients', q],
    queryFn: () =>
      api<{ people: PersonHit[]; groups: GroupHit[] }>('GET', `/api/messaging/recipients?q=${encodeURIComponent(q)}`),
    placeholderData: (prev) => prev,
  });
}

/** Any change to a mailbox: every messaging query is refetched. */
function useMessagesMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: messagesKey }),
  });
}

export interface SendBody {
  subject: string;
  body: string;
  recipients: RecipientChoice[];
  replyToId?: string;
  forwardOfId?: string;
}
export const useSend = () => useMessagesMutation((b: SendBody) => api<Message>('POST', '/api/messages', b));
export const useMarkMessageRead = () =>
  useMessagesMutation((id: string) => api<{ ok: true }>('POST', `/api/messages/${id}/read`));
export const useTrash = () =>
  useMessagesMutation(({ id, trashed }: { id: string; trashed: boolean }) =>
    api<{ ok: true }>('POST', `/api/messages/${id}/${trashed ? 'trash' : 'restore'}`),
  );
export const useReport = () =>
  useMessagesMutation(({ id, reason }: { id: string; reason: string }) =>
    api<{ id: string }>('POST', `/api/messages/${id}/report`, { reason }),
  );

export interface ReportItem {
  id: string;
  reason: string;
  createdAt: string;
  closedAt: string | null;
  message: { id: string; subject: string; bodyHtml: string; sentAt: string | null; sender: Sender };
  reporter: { id: string; firstName: string; lastName: string };
  canBlockSender: boolean;
}
export const useReports = () =>
  useQuery({
    queryKey: [...messagesKey, 'reports'],
    queryFn: () => api<{ items: ReportItem[] }>('GET', '/api/messaging/reports'),
  });
export const useCloseReport = () =>
  useMessagesMutation((id: string) => api<{ ok: true }>('POST', `/api/messaging/reports/${id}/close`));

export const useBlocks = () =>
  useQuery({
    queryKey: [...messagesKey, 'blocks'],
    queryFn: () =>
      api<{
        items: Array<{
          personId: string;
          firstName: string;
          lastName: string;
          reason: string;
          createdAt: string;
          blockedBy: string | null;
        }>;
      }>('GET', '/api/messaging/blocks'),
  });
export const useBlock = () =>
  useMessagesMutation(({ personId, reason }: { personId: string; reason: string }) =>
    api<{ ok: true }>('POST', '/api/messaging/blocks', { personId, reason }),
  );
export const useUnblock = () =>
  useMessagesMutation((personId: string) => api<{ ok: true }>('DELETE', `/api/messaging/blocks/${personId}`));

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * What the writing form sends: the text as typed, escaped, one paragraph per blank-line-separated block and line
 * breaks kept. Whatever is typed stays text (the server sanitises anyway).
 */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
