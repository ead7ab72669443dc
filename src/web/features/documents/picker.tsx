import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool, useMe } from '../../api/queries.ts';
import { useSpaceFiles, useSpaces } from './queries.ts';
import { documentPath } from './space-view.tsx';

/**
 * « Document de la classe » in the homework form: a document of the class's (or group's) space, which its pupils
 * may read. Nothing to choose when the space is empty.
 */
export function DocumentPicker({
  classId,
  groupId,
  value,
  onChange,
}: {
  classId: string | null;
  groupId: string | null;
  value: string;
  onChange: (documentId: string) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const spaces = useSpaces((me.data && currentSchool(me.data)?.id) ?? '');
  const space = spaces.data?.items.find(
    (s) =>
      (classId !== null && s.classId === classId) || (classId === null && groupId !== null && s.groupId === groupId),
  );
  const files = useSpaceFiles(space?.id ?? null);
  const items = files.data?.items ?? [];
  if (!space || items.length === 0) return null;
  return (
    <div className="field">
      <label htmlFor="hw-document">{t('documents.homeworkLink')}</label>
      <select
        id="hw-document"
        value={value}
        aria-describedby="hw-document-hint"
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        <option value="">{t('documents.homeworkLinkNone')}</option>
        {items.map((d) => (
          <option key={d.id} value={d.id}>
            {d.path ? `${d.path} / ${d.name}` : d.name}
          </option>
        ))}
      </select>
      <p className="hint" id="hw-document-hint">
        {t('documents.homeworkLinkHint')}
      </p>
    </div>
  );
}

/** The linked document, as a link to its page (preview and download). */
export function LinkedDocument({ document }: { document: { id: string; name: string } }) {
  const { t } = useTranslation();
  return (
    <p>
      <Link href={documentPath(document.id)}>{t('documents.openLinked', { name: document.name })}</Link>
    </p>
  );
}
