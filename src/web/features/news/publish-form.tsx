import { type FormEvent, useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { Loading } from '../../components/loading.tsx';
import { formatDateTime, fromSchoolDateTimeInput, toSchoolDateTimeInput } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { textToHtml } from '../messaging/api.ts';
import { type News, useAudienceOptions, useDeleteAttachment, usePublish, useUpdateNews } from './api.ts';
import { CheckList, PupilFilters } from './audience-picker.tsx';

const PUBLICS = ['guardians', 'pupils', 'staff'] as const;
type Public = (typeof PUBLICS)[number];
const ACCEPT = '.pdf,.png,.jpg,.jpeg,.txt,.mp3,.odt,.ods,.odp,.docx,.xlsx,.pptx';
const MAX_BYTES = 5 * 1024 * 1024;
const MAX_FILES = 5;

/** The news' HTML as the form's plain text: paragraphs, line breaks, list items on their own lines. */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  for (const br of doc.querySelectorAll('br')) br.replaceWith('\n');
  for (const li of doc.querySelectorAll('li')) li.prepend('- ');
  const blocks = [...doc.body.children].map((el) =>
    el.tagName === 'UL' || el.tagName === 'OL'
      ? [...el.children].map((li) => (li.textContent ?? '').trim()).join('\n')
      : (el.textContent ?? '').trim(),
  );
  return (blocks.length > 0 ? blocks : [doc.body.textContent ?? '']).filter((b) => b).join('\n\n');
}

/** Formatting the form cannot write back (bold, lists, links): kept as long as the text is not changed. */
const hasFormatting = (html: string) => /<(?!\/?(p|br)\b)[a-z]/i.test(html);

/**
 * « Publier une actualité »: title, text, audience, dates, pin, confirmation, attachments. With `existing`,
 * « Modifier l’actualité »: the same form filled in; once published, its date stays and the author may tell the
 * readers it changed.
 */
export function PublishForm({ schoolId, existing }: { schoolId: string; existing?: News }) {
  const { t } = useTranslation();
  const ids = useId();
  const [, navigate] = useLocation();
  const options = useAudienceOptions(schoolId);
  const publish = usePublish();
  const update = useUpdateNews();
  const removeFile = useDeleteAttachment();
  const published = existing !== undefined && existing.status !== 'scheduled';
  const originalText = existing ? htmlToText(existing.bodyHtml) : '';
  const [title, setTitle] = useState(existing?.title ?? '');
  const [body, setBody] = useState(originalText);
  const [publics, setPublics] = useState<Public[]>(existing?.audience.publics ?? ['guardians']);
  const [siteIds, setSiteIds] = useState<string[]>(existing?.audience.sites.map((x) => x.id) ?? []);
  const [levels, setLevels] = useState<string[]>(existing?.audience.levels ?? []);
  const [classIds, setClassIds] = useState<string[]>(existing?.audience.classes.map((x) => x.id) ?? []);
  const [publishAt, setPublishAt] = useState(existing && !published ? toSchoolDateTimeInput(existing.publishAt) : '');
  const [expiresOn, setExpiresOn] = useState(existing?.expiresOn ?? '');
  const [pinned, setPinned] = useState(existing?.pinned ?? false);
  const [ackRequired, setAckRequired] = useState(existing?.ackRequired ?? false);
  const [notifyReaders, setNotifyReaders] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  if (options.isPending) return <Loading />;
  if (options.error) return <ErrorAlert error={options.error} />;
  const o = options.data;
  const familiesOrPupils = publics.some((p) => p !== 'staff');
  const kept = existing?.attachments.length ?? 0;
  const pending = publish.isPending || update.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (!title.trim()) return setProblem(t('news.publish.needTitle'));
    if (publics.length === 0) return setProblem(t('news.publish.needPublic'));
    if (kept + files.length > MAX_FILES) return setProblem(t('news.publish.tooManyFiles', { count: MAX_FILES }));
    const big = files.find((f) => f.size > MAX_BYTES);
    if (big) return setProblem(t('news.publish.fileTooBig', { name: big.name }));
    const input = {
      title: title.trim(),
      // An unchanged text keeps its original HTML (its bold, lists and links).
      body: existing && body === originalText ? existing.bodyHtml : textToHtml(body),
      audience: familiesOrPupils ? { publics, siteIds, levels, classIds } : { publics },
      pinned,
      ackRequired,
      ...(publishAt && !published ? { publishAt: fromSchoolDateTimeInput(publishAt) } : {}),
      expiresOn: expiresOn || null,
    };
    const done = { onSuccess: (n: News) => navigate(`/actualites/${n.id}`) };
    if (existing) update.mutate({ id: existing.id, input: { ...input, notifyReaders }, files }, done);
    else publish.mutate({ input: { schoolId, ...input }, files }, done);
  };

  return (
    <form className="form news-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${ids}-title`}>{t('news.publish.titleField')}</label>
        <input
          id={`${ids}-title`}
          value={title}
          maxLength={200}
          required
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-body`}>{t('news.publish.body')}</label>
        <textarea
          id={`${ids}-body`}
          rows={8}
          value={body}
          aria-describedby={existing && hasFormatting(existing.bodyHtml) ? `${ids}-body-hint` : undefined}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        {existing && hasFormatting(existing.bodyHtml) && (
          <p id={`${ids}-body-hint`} className="hint">
            {t('news.edit.formattingHint')}
          </p>
        )}
      </div>
      <CheckList
        legend={t('news.publish.publics')}
        items={PUBLICS.map((p) => ({ value: p, label: t(`news.publics.${p}`) }))}
        chosen={publics}
        onChange={setPublics}
      />
      {familiesOrPupils && (
        <PupilFilters
          options={o}
          value={{ siteIds, levels, classIds }}
          onChange={(v) => {
            setSiteIds(v.siteIds);
            setLevels(v.levels);
            setClassIds(v.classIds);
          }}
        />
      )}
      {published && existing ? (
        <p className="hint">{t('news.edit.publishedAt', { date: formatDateTime(existing.publishAt) })}</p>
      ) : (
        <div className="field">
          <label htmlFor={`${ids}-publish`}>{t('news.publish.publishAt')}</label>
          <input
            id={`${ids}-publish`}
            type="datetime-local"
            value={publishAt}
            aria-describedby={`${ids}-publish-hint`}
            onChange={(e) => setPublishAt(e.currentTarget.value)}
          />
          <p id={`${ids}-publish-hint`} className="hint">
            {t('news.publish.publishAtHint')}
          </p>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${ids}-expires`}>{t('news.publish.expiresOn')}</label>
        <input
          id={`${ids}-expires`}
          type="date"
          value={expiresOn}
          aria-describedby={`${ids}-expires-hint`}
          onChange={(e) => setExpiresOn(e.currentTarget.value)}
        />
        <p id={`${ids}-expires-hint`} className="hint">
          {t('news.publish.expiresHint')}
        </p>
      </div>
      <label className="native-checkbox">
        <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.currentTarget.checked)} />
        <span>{t('news.publish.pin')}</span>
      </label>
      <label className="native-checkbox">
        <input type="checkbox" checked={ackRequired} onChange={(e) => setAckRequired(e.currentTarget.checked)} />
        <span>{t('news.publish.ack')}</span>
      </label>
      {existing && existing.attachments.length > 0 && (
        <fieldset className="fieldset">
          <legend>{t('news.edit.currentFiles')}</legend>
          <ul className="plain-list">
            {existing.attachments.map((a) => (
              <li key={a.id}>
                <bdi>{a.fileName}</bdi>{' '}
                <Button
                  className="link-button"
                  aria-label={t('news.edit.removeFileNamed', { name: a.fileName })}
                  isDisabled={removeFile.isPending}
                  onPress={() => removeFile.mutate({ id: existing.id, attachmentId: a.id })}
                >
                  {t('news.edit.removeFile')}
                </Button>
              </li>
            ))}
          </ul>
          {removeFile.error && <ErrorAlert error={removeFile.error} />}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${ids}-files`}>{existing ? t('news.edit.addFiles') : t('news.publish.files')}</label>
        <input
          id={`${ids}-files`}
          type="file"
          multiple
          accept={ACCEPT}
          aria-describedby={`${ids}-files-hint`}
          onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])}
        />
        <p id={`${ids}-files-hint`} className="hint">
          {t('news.publish.filesHint', { count: MAX_FILES })}
        </p>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {published && (
        <label className="native-checkbox">
          <input type="checkbox" checked={notifyReaders} onChange={(e) => setNotifyReaders(e.currentTarget.checked)} />
          <span>{t('news.edit.notifyReaders')}</span>
        </label>
      )}
      {(publish.error ?? update.error) && <ErrorAlert error={publish.error ?? update.error} />}
      <div>
        <Button type="submit" className="button button-primary" isDisabled={pending}>
          {existing ? t('news.edit.submit') : t('news.publish.submit')}
        </Button>
      </div>
    </form>
  );
}
