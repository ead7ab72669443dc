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
export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  scanned: boolean;
}
export interface Message extends MessageSummary {
  bodyHtml: string;
  attachments: Attachment[];
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
  draftId?: string;
}
export interface Draft {
  id: string;
  subject: string;
  bodyHtml: string;
  recipients: RecipientChoice[];
  recipientLabels: Array<AudienceEntry | null>;
  replyToId: string | null;
  forwardOfId: string | null;
  updatedAt: string;
  attachments: Attachment[];
}
export type DraftBody = Omit<SendBody, 'draftId'>;
export const useDraft = (id: string | undefined) =>
  useQuery({
    queryKey: [...messagesKey, 'draft', id],
    enabled: id !== undefined,
    queryFn: () => api<Draft>('GET', `/api/messages/drafts/${id}`),
  });
/** Creates the draft, or saves it when it exists. */
export const useSaveDraft = () =>
  useMessagesMutation(({ id, body }: { id: string | undefined; body: DraftBody }) =>
    id ? api<Draft>('PUT', `/api/messages/drafts/${id}`, body) : api<Draft>('POST', '/api/messages/drafts', body),
  );
export const useDeleteDraft = () =>
  useMessagesMutation((id: string) => api<{ ok: true }>('DELETE', `/api/messages/drafts/${id}`));
export const useUploadAttachment = () =>
  useMessagesMutation(({ draftId, file }: { draftId: string; file: File }) =>
    // Sent as plain bytes: the server reads the type from the content, never from the browser's guess.
    api<Attachment>('POST', `/api/messages/drafts/${draftId}/attachments`, new Blob([file]), {
      query: { fileName: file.name },
    }),
  );
export const useDeleteAttachment = () =>
  useMessagesMutation(({ draftId, id }: { draftId: string; id: string }) =>
    api<{ ok: true }>('DELETE', `/api/messages/drafts/${draftId}/attachments/${id}`),
  );
export const attachmentUrl = (messageId: string, id: string) => `/api/messages/${messageId}/attachments/${id}`;

export interface Frozen {
  personId: string;
  firstName: string;
  lastName: string;
  reason: string;
  createdAt: string;
  frozenBy: string | null;
}
export const useFreezes = () =>
  useQuery({
    queryKey: [...messagesKey, 'freezes'],
    queryFn: () => api<{ items: Frozen[] }>('GET', '/api/messaging/freezes'),
  });
export const useFreeze = () =>
  useMessagesMutation(({ personId, reason }: { personId: string; reason: string }) =>
    api<{ ok: true }>('POST', '/api/messaging/freezes', { personId, reason }),
  );
export const useUnfreeze = () =>
  useMessagesMutation((personId: string) => api<{ ok: true }>('DELETE', `/api/messaging/freezes/${personId}`));
export interface SentList {
  person: { id: string; firstName: string; lastName: string };
  frozen: boolean;
  items: Array<{ id: string; subject: string; sentAt: string; recipientCount: number; recalledAt: string | null }>;
}
export const useSentBy = (personId: string | null, from: string, to: string) =>
  useQuery({
    queryKey: [...messagesKey, 'sent-by', personId, from, to],
    enabled: personId !== null,
    queryFn: () => api<SentList>('GET', `/api/messaging/people/${personId}/sent`, undefined, { query: { from, to } }),
  });
export const useRecall = () =>
  useMessagesMutation(({ personId, from, to }: { personId: string; from: string; to: string }) =>
    api<{ recalled: number }>('POST', `/api/messaging/people/${personId}/recall`, { from, to }),
  );
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
