import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { currentSchool } from '../../api/queries.ts';
import type { Me } from '../../api/types.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { formatDateTime } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import {
  contentUrl,
  formatSize,
  spaceName,
  useDeleteDocument,
  useDocument,
  useMoveDocument,
  useRenameDocument,
  useReplace,
  useSpaces,
  versionUrl,
} from './queries.ts';
import { ACCEPT, spacePath } from './space-view.tsx';
import type { DocumentDetail } from './types.ts';

/**
 * The preview: an image as <img> (served inline with the sandboxing CSP). PDFs open in a new tab rather than in a
 * frame: Chromium refuses to render a PDF in a sandboxed frame (docs/documents.md, "Preview"). Anything else is
 * only downloaded, never shown in our origin.
 */
function Preview({ d }: { d: DocumentDetail }) {
  const { t } = useTranslation();
  if (!d.previewable || !d.contentType.startsWith('image/')) return null;
  return (
    <img className="document-preview" src={contentUrl(d.id, true)} alt={t('documents.previewOf', { name: d.name })} />
  );
}

function WriterTools({ d, me }: { d: DocumentDetail; me: Me }) {
  const { t } = useTranslation();
  const id = useId();
  const [, navigate] = useLocation();
  const rename = useRenameDocument(d.id);
  const replace = useReplace(d.id);
  const move = useMoveDocument(d.id);
  const remove = useDeleteDocument(d.id);
  const spaces = useSpaces(currentSchool(me)?.id ?? '');
  const [name, setName] = useState(d.name);
  const [target, setTarget] = useState('');
  const targets = (spaces.data?.items ?? []).filter((s) => s.abilities.write && s.id !== d.spaceId);
  return (
    <section aria-labelledby={`${id}-title`} className="section">
      <h2 id={`${id}-title`}>{t('documents.tools')}</h2>
      <form
        className="form inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          rename.mutate(name);
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('documents.renameFile')}</label>
          <input id={`${id}-name`} value={name} maxLength={120} required onChange={(e) => setName(e.target.value)} />
        </div>
        {rename.error && <ErrorAlert error={rename.error} />}
        <Button type="submit" className="button" isDisabled={rename.isPending || name.trim() === ''}>
          {t('documents.rename')}
        </Button>
      </form>
      <div className="field">
        <label htmlFor={`${id}-replace`}>{t('documents.replace')}</label>
        <input
          id={`${id}-replace`}
          type="file"
          accept={ACCEPT}
          aria-describedby={`${id}-replace-hint`}
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) replace.mutate(f);
          }}
        />
        <p className="hint" id={`${id}-replace-hint`}>
          {t('documents.replaceHint')}
        </p>
        {replace.error && <ErrorAlert error={replace.error} />}
      </div>
      {targets.length > 0 && (
        <form
          className="form inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (target) move.mutate(target, { onSuccess: () => navigate(spacePath(target)) });
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-move`}>{t('documents.moveTo')}</label>
            <select id={`${id}-move`} value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">—</option>
              {targets.map((s) => (
                <option key={s.id} value={s.id}>
                  {spaceName(t, s)}
                </option>
              ))}
            </select>
          </div>
          {move.error && <ErrorAlert error={move.error} />}
          <Button type="submit" className="button" isDisabled={move.isPending || target === ''}>
            {t('documents.move')}
          </Button>
        </form>
      )}
      <p>
        <Button
          className="button button-danger"
          isDisabled={remove.isPending}
          onPress={() => {
            if (!window.confirm(t('documents.confirmDelete', { name: d.name }))) return;
            remove.mutate(undefined, { onSuccess: () => navigate(spacePath(d.spaceId, d.folderId)) });
          }}
        >
          {t('documents.delete')}
        </Button>
      </p>
      {remove.error && <ErrorAlert error={remove.error} />}
    </section>
  );
}

/** One document: preview, download, its versions, and the writers' tools. */
export function DocumentView({ documentId, me }: { documentId: string; me: Me }) {
  const { t } = useTranslation();
  const q = useDocument(documentId);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return null;
  const d = q.data;
  return (
    <>
      <nav aria-label={t('documents.breadcrumb')} className="breadcrumb">
        <ol className="breadcrumb-list">
          <li>
            <Link href="/documents">{t('documents.title')}</Link>
          </li>
          <li>
            <Link href={spacePath(d.space.id, d.folderId)}>{spaceName(t, d.space)}</Link>
          </li>
        </ol>
      </nav>
      <PageTitle>{d.name}</PageTitle>
      <p>
        <a className="button button-primary" href={contentUrl(d.id)} download={d.name}>
          {t('documents.download')}
        </a>{' '}
        {d.previewable && (
          <a className="button" href={contentUrl(d.id, true)} target="_blank" rel="noopener noreferrer">
            {t('documents.openNewTab')}
          </a>
        )}
      </p>
      <Preview d={d} />
      <h2>{t('documents.versionsTitle')}</h2>
      <div className="table-scroll">
        <table className="table">
          <caption className="visually-hidden">{t('documents.versionsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('documents.version')}</th>
              <th scope="col">{t('documents.uploadedAt')}</th>
              <th scope="col">{t('documents.uploadedBy')}</th>
              <th scope="col">{t('documents.size')}</th>
            </tr>
          </thead>
          <tbody>
            {d.versions.map((v, i) => (
              <tr key={v.id}>
                <td data-label={t('documents.version')}>
                  <a href={i === 0 ? contentUrl(d.id) : versionUrl(d.id, v.id)} download={v.fileName}>
                    {t('documents.versionNumber', { number: v.number })}
                  </a>
                  {i === 0 && <span className="tag">{t('documents.current')}</span>}
                </td>
                <td data-label={t('documents.uploadedAt')}>{formatDateTime(v.uploadedAt)}</td>
                <td data-label={t('documents.uploadedBy')}>
                  {v.uploadedBy ? <bdi>{`${v.uploadedBy.firstName} ${v.uploadedBy.lastName}`}</bdi> : '—'}
                </td>
                <td data-label={t('documents.size')}>{formatSize(v.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.abilities.write && <WriterTools d={d} me={me} />}
    </>
  );
}
