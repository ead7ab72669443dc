import { useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { PageTitle } from '../../components/page-title.tsx';
import { formatDateTime } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import {
  formatSize,
  spaceName,
  useCreateFolder,
  useDeleteFolder,
  useSpaceContent,
  useSpaceVisibility,
  useUpdateFolder,
  useUpload,
} from './queries.ts';
import type { SpaceContent } from './types.ts';

export const spacePath = (spaceId: string, folderId?: string | null) =>
  `/documents/${encodeURIComponent(spaceId)}${folderId ? `/${encodeURIComponent(folderId)}` : ''}`;
export const documentPath = (documentId: string) => `/documents/fichiers/${encodeURIComponent(documentId)}`;

/** What the file input offers: on a phone, image/* opens the camera too. */
export const ACCEPT = 'image/*,application/pdf,.odt,.ods,.odp,.docx,.xlsx,.pptx,.txt';

/** « Mes documents » › « Espace de la 4e B » › Séquence 1 › Textes */
function Breadcrumb({ c }: { c: SpaceContent }) {
  const { t } = useTranslation();
  const name = spaceName(t, c.space);
  return (
    <nav aria-label={t('documents.breadcrumb')} className="breadcrumb">
      <ol className="breadcrumb-list">
        <li>
          <Link href="/documents">{t('documents.title')}</Link>
        </li>
        <li>{c.folder ? <Link href={spacePath(c.space.id)}>{name}</Link> : <span aria-current="page">{name}</span>}</li>
        {c.path.map((f) => (
          <li key={f.id}>
            {f.id === c.folder?.id ? (
              <span aria-current="page">
                <bdi>{f.name}</bdi>
              </span>
            ) : (
              <Link href={spacePath(c.space.id, f.id)}>
                <bdi>{f.name}</bdi>
              </Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Drop zone and file input: both send every chosen file in one form. */
function UploadZone({ spaceId, folderId }: { spaceId: string; folderId: string | null }) {
  const { t } = useTranslation();
  const id = useId();
  const upload = useUpload(spaceId, folderId);
  const [over, setOver] = useState(false);
  const [message, setMessage] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const send = (files: File[]) => {
    if (files.length === 0) return;
    setMessage('');
    upload.mutate(files, {
      onSuccess: (r) => {
        if (input.current) input.current.value = '';
        setMessage(t('documents.uploaded', { count: r.documents.length }));
      },
    });
  };
  return (
    <section aria-labelledby={`${id}-title`} className="section">
      <h2 id={`${id}-title`}>{t('documents.addTitle')}</h2>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop zone adds to the labelled input inside it */}
      <div
        className="drop-zone"
        data-over={over || undefined}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          send([...e.dataTransfer.files]);
        }}
      >
        <label htmlFor={`${id}-files`}>{t('documents.choose')}</label>
        <input
          ref={input}
          id={`${id}-files`}
          type="file"
          multiple
          accept={ACCEPT}
          aria-describedby={`${id}-hint`}
          onChange={(e) => send([...(e.currentTarget.files ?? [])])}
        />
        <p className="hint" id={`${id}-hint`}>
          {t('documents.dropHint')}
        </p>
      </div>
      {upload.isPending && <p>{t('documents.uploading')}</p>}
      {upload.error && <ErrorAlert error={upload.error} />}
      <p role="status" className="status-line">
        {message}
      </p>
    </section>
  );
}

function NewFolder({ spaceId, parentId }: { spaceId: string; parentId: string | null }) {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateFolder(spaceId);
  const [name, setName] = useState('');
  return (
    <form
      className="form inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name, parentId }, { onSuccess: () => setName('') });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('documents.newFolder')}</label>
        <input id={`${id}-name`} value={name} maxLength={120} required onChange={(e) => setName(e.target.value)} />
      </div>
      {create.error && <ErrorAlert error={create.error} />}
      <Button type="submit" className="button" isDisabled={create.isPending || name.trim() === ''}>
        {t('documents.createFolder')}
      </Button>
    </form>
  );
}

/** The open folder's own tools: rename, delete (with what it holds), « Visible par les familles ». */
function FolderTools({ c }: { c: SpaceContent }) {
  const { t } = useTranslation();
  const id = useId();
  const [, navigate] = useLocation();
  const folder = c.folder!;
  const update = useUpdateFolder();
  const remove = useDeleteFolder();
  const [name, setName] = useState(folder.name);
  const parent = c.path.at(-2)?.id ?? null;
  return (
    <section aria-labelledby={`${id}-title`} className="section">
      <h2 id={`${id}-title`}>{t('documents.folderTools')}</h2>
      <form
        className="form inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ id: folder.id, name });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('documents.renameFolder')}</label>
          <input id={`${id}-name`} value={name} maxLength={120} required onChange={(e) => setName(e.target.value)} />
        </div>
        <Button type="submit" className="button" isDisabled={update.isPending || name.trim() === ''}>
          {t('documents.rename')}
        </Button>
      </form>
      {c.space.abilities.manageVisibility && (
        <label className="native-checkbox">
          <input
            type="checkbox"
            checked={folder.familyVisible}
            onChange={(e) => update.mutate({ id: folder.id, familyVisible: e.target.checked })}
          />
          <span>{t('documents.familyVisible')}</span>
        </label>
      )}
      {update.error && <ErrorAlert error={update.error} />}
      <p>
        <Button
          className="button button-danger"
          isDisabled={remove.isPending}
          onPress={() => {
            if (!window.confirm(t('documents.confirmDeleteFolder', { name: folder.name }))) return;
            remove.mutate(folder.id, { onSuccess: () => navigate(spacePath(c.space.id, parent)) });
          }}
        >
          {t('documents.deleteFolder')}
        </Button>
      </p>
      {remove.error && <ErrorAlert error={remove.error} />}
    </section>
  );
}

function SpaceVisibility({ c }: { c: SpaceContent }) {
  const { t } = useTranslation();
  const set = useSpaceVisibility(c.space.id);
  return (
    <p>
      <label className="native-checkbox">
        <input type="checkbox" checked={c.space.familyVisible} onChange={(e) => set.mutate(e.target.checked)} />
        <span>{t('documents.familyVisibleSpace')}</span>
      </label>
      {set.error && <ErrorAlert error={set.error} />}
    </p>
  );
}

/** A space's folder: breadcrumb, sub-folders and documents (a table, labelled when stacked), and the writers' tools. */
export function SpaceView({ spaceId, folderId }: { spaceId: string; folderId?: string }) {
  const { t } = useTranslation();
  const q = useSpaceContent(spaceId, folderId);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return null;
  const c = q.data;
  const write = c.space.abilities.write;
  const here = c.folder?.id ?? null;
  const empty = c.folders.length === 0 && c.documents.length === 0;
  return (
    <>
      <Breadcrumb c={c} />
      <PageTitle>{c.folder ? c.folder.name : spaceName(t, c.space)}</PageTitle>
      {c.space.kind === 'personal' && c.usage.quotaBytes !== null && (
        <p className="hint">
          {t('documents.usage', { used: formatSize(c.usage.usedBytes), quota: formatSize(c.usage.quotaBytes) })}
        </p>
      )}
      {c.space.children.length > 0 && <p className="hint">{t('documents.familyHint')}</p>}
      {!c.folder && c.space.abilities.manageVisibility && <SpaceVisibility c={c} />}
      {empty ? (
        <p>{t('documents.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{t('documents.contentCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('documents.name')}</th>
                <th scope="col">{t('documents.size')}</th>
                <th scope="col">{t('documents.updatedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {c.folders.map((f) => (
                <tr key={f.id}>
                  <td data-label={t('documents.name')}>
                    <Link href={spacePath(c.space.id, f.id)}>
                      📁 <bdi>{f.name}</bdi>
                    </Link>
                    {f.familyVisible && <span className="tag">{t('documents.visibleTag')}</span>}
                  </td>
                  <td data-label={t('documents.size')}>{t('documents.folder')}</td>
                  <td data-label={t('documents.updatedAt')}>{formatDateTime(f.updatedAt)}</td>
                </tr>
              ))}
              {c.documents.map((d) => (
                <tr key={d.id}>
                  <td data-label={t('documents.name')}>
                    <Link href={documentPath(d.id)}>
                      <bdi>{d.name}</bdi>
                    </Link>
                    {d.versionCount > 1 && (
                      <span className="tag">{t('documents.versions', { count: d.versionCount })}</span>
                    )}
                  </td>
                  <td data-label={t('documents.size')}>{formatSize(d.size)}</td>
                  <td data-label={t('documents.updatedAt')}>{formatDateTime(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {write && <UploadZone spaceId={c.space.id} folderId={here} />}
      {write && <NewFolder spaceId={c.space.id} parentId={here} />}
      {write && c.folder && <FolderTools key={c.folder.id} c={c} />}
    </>
  );
}
