import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, apiBlob, apiForm } from '../../api/client.ts';
import type { DocumentDetail, DocumentItem, Space, SpaceContent, SpaceFiles, SpaceList, Usage } from './types.ts';

const enc = encodeURIComponent;

export function useSpaces(schoolId: string) {
  return useQuery({
    queryKey: ['documents', 'spaces', schoolId],
    queryFn: () => api<SpaceList>('GET', `/api/schools/${enc(schoolId)}/documents/spaces`),
    enabled: schoolId !== '',
  });
}

export function useSpaceContent(spaceId: string, folderId?: string) {
  return useQuery({
    queryKey: ['documents', 'space', spaceId, folderId ?? 'root'],
    queryFn: () =>
      api<SpaceContent>('GET', `/api/documents/spaces/${enc(spaceId)}`, undefined, {
        query: folderId ? { folderId } : {},
      }),
  });
}

export function useSpaceFiles(spaceId: string | null) {
  return useQuery({
    queryKey: ['documents', 'files', spaceId],
    queryFn: () => api<SpaceFiles>('GET', `/api/documents/spaces/${enc(spaceId ?? '')}/files`),
    enabled: spaceId !== null,
  });
}

export function useDocument(documentId: string) {
  return useQuery({
    queryKey: ['documents', 'document', documentId],
    queryFn: () => api<DocumentDetail>('GET', `/api/documents/files/${enc(documentId)}`),
  });
}

export function useUsage(schoolId: string) {
  return useQuery({
    queryKey: ['documents', 'usage', schoolId],
    queryFn: () => api<Usage>('GET', `/api/schools/${enc(schoolId)}/documents/usage`),
    enabled: schoolId !== '',
  });
}

/** Every change refreshes what the documents pages show. */
function useDocumentsMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['documents'] }) });
}

export const useUpload = (spaceId: string, folderId: string | null) =>
  useDocumentsMutation((files: readonly File[]) => {
    const form = new FormData();
    if (folderId) form.append('folderId', folderId);
    for (const f of files) form.append('files', f, f.name);
    return apiForm<{ documents: DocumentItem[] }>('POST', `/api/documents/spaces/${enc(spaceId)}/files`, form);
  });

export const useReplace = (documentId: string) =>
  useDocumentsMutation((file: File) => {
    const form = new FormData();
    form.append('files', file, file.name);
    return apiForm<DocumentItem>('POST', `/api/documents/files/${enc(documentId)}/versions`, form);
  });

export const useCreateFolder = (spaceId: string) =>
  useDocumentsMutation((v: { name: string; parentId: string | null }) =>
    api('POST', `/api/documents/spaces/${enc(spaceId)}/folders`, v),
  );

export const useUpdateFolder = () =>
  useDocumentsMutation((v: { id: string; name?: string; familyVisible?: boolean }) =>
    api('PATCH', `/api/documents/folders/${enc(v.id)}`, {
      ...(v.name !== undefined ? { name: v.name } : {}),
      ...(v.familyVisible !== undefined ? { familyVisible: v.familyVisible } : {}),
    }),
  );

export const useDeleteFolder = () =>
  useDocumentsMutation((id: string) => apiBlob('DELETE', `/api/documents/folders/${enc(id)}`));

export const useMoveFolder = () =>
  useDocumentsMutation((v: { id: string; spaceId: string }) =>
    api('POST', `/api/documents/folders/${enc(v.id)}/move`, { spaceId: v.spaceId, folderId: null }),
  );

export const useSpaceVisibility = (spaceId: string) =>
  useDocumentsMutation((familyVisible: boolean) =>
    api<Space>('PATCH', `/api/documents/spaces/${enc(spaceId)}`, { familyVisible }),
  );

export const useRenameDocument = (documentId: string) =>
  useDocumentsMutation((name: string) => api('PATCH', `/api/documents/files/${enc(documentId)}`, { name }));

export const useDeleteDocument = (documentId: string) =>
  useDocumentsMutation(() => apiBlob('DELETE', `/api/documents/files/${enc(documentId)}`));

export const useMoveDocument = (documentId: string) =>
  useDocumentsMutation((spaceId: string) =>
    api('POST', `/api/documents/files/${enc(documentId)}/move`, { spaceId, folderId: null }),
  );

export const contentUrl = (documentId: string, inline = false) =>
  `/api/documents/files/${enc(documentId)}/content${inline ? '?inline=1' : ''}`;
export const versionUrl = (documentId: string, versionId: string) =>
  `/api/documents/files/${enc(documentId)}/versions/${enc(versionId)}/content`;

/** « Mes documents », « Espace de la 4e B », « Salle des profs »... */
export function spaceName(t: TFunction, s: Pick<Space, 'kind' | 'team' | 'label' | 'children'>): string {
  if (s.kind === 'personal') return t('documents.mine');
  if (s.kind === 'team') return t(`documents.team.${s.team ?? 'salle_des_profs'}`);
  const base = t(s.kind === 'class' ? 'documents.classSpace' : 'documents.groupSpace', { label: s.label ?? '' });
  return s.children.length > 0 ? `${base} (${s.children.map((c) => c.firstName).join(', ')})` : base;
}

export const formatSize = (bytes: number) =>
  bytes >= 1024 * 1024 * 1024
    ? `${(bytes / 1024 / 1024 / 1024).toFixed(1)} Go`
    : bytes >= 1024 * 1024
      ? `${(bytes / 1024 / 1024).toFixed(1)} Mo`
      : `${Math.max(1, Math.round(bytes / 1024))} Ko`;
