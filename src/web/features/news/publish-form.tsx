import { type FormEvent, useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { Loading } from '../../components/loading.tsx';
import { fromSchoolDateTimeInput } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { textToHtml } from '../messaging/api.ts';
import { useAudienceOptions, usePublish } from './api.ts';
import { CheckList, PupilFilters } from './audience-picker.tsx';

const PUBLICS = ['guardians', 'pupils', 'staff'] as const;
type Public = (typeof PUBLICS)[number];
const ACCEPT = '.pdf,.png,.jpg,.jpeg,.txt,.mp3,.odt,.ods,.odp,.docx,.xlsx,.pptx';
const MAX_BYTES = 5 * 1024 * 1024;
const MAX_FILES = 5;

/** « Publier une actualité »: title, text, audience, dates, pin, confirmation, attachments. */
export function PublishForm({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const ids = useId();
  const [, navigate] = useLocation();
  const options = useAudienceOptions(schoolId);
  const publish = usePublish();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [publics, setPublics] = useState<Public[]>(['guardians']);
  const [siteIds, setSiteIds] = useState<string[]>([]);
  const [levels, setLevels] = useState<string[]>([]);
  const [classIds, setClassIds] = useState<string[]>([]);
  const [publishAt, setPublishAt] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [pinned, setPinned] = useState(false);
  const [ackRequired, setAckRequired] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  if (options.isPending) return <Loading />;
  if (options.error) return <ErrorAlert error={options.error} />;
  const o = options.data;
  const familiesOrPupils = publics.some((p) => p !== 'staff');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (!title.trim()) return setProblem(t('news.publish.needTitle'));
    if (publics.length === 0) return setProblem(t('news.publish.needPublic'));
    if (files.length > MAX_FILES) return setProblem(t('news.publish.tooManyFiles', { count: MAX_FILES }));
    const big = files.find((f) => f.size > MAX_BYTES);
    if (big) return setProblem(t('news.publish.fileTooBig', { name: big.name }));
    publish.mutate(
      {
        input: {
          schoolId,
          title: title.trim(),
          body: textToHtml(body),
          audience: familiesOrPupils ? { publics, siteIds, levels, classIds } : { publics },
          pinned,
          ackRequired,
          ...(publishAt ? { publishAt: fromSchoolDateTimeInput(publishAt) } : {}),
          expiresOn: expiresOn || null,
        },
        files,
      },
      { onSuccess: (n) => navigate(`/actualites/${n.id}`) },
    );
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
        <textarea id={`${ids}-body`} rows={8} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
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
      <div className="field">
        <label htmlFor={`${ids}-files`}>{t('news.publish.files')}</label>
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
      {publish.error && <ErrorAlert error={publish.error} />}
      <div>
        <Button type="submit" className="button button-primary" isDisabled={publish.isPending}>
          {t('news.publish.submit')}
        </Button>
      </div>
    </form>
  );
}
