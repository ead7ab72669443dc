import { useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { describeSpan } from '../features/attendance/format.ts';
import { documentUrl, useDecide, useJustifications } from '../features/attendance/queries.ts';
import type { Justification, JustificationStatus } from '../features/attendance/types.ts';
import { ErrorAlert, errorMessage } from '../features/errors.tsx';
import { currentLocale, formatDateTime } from '../i18n/index.ts';

const nameOf = (j: Justification) => (j.pupil ? `${j.pupil.firstName} ${j.pupil.lastName}` : '');

function RefuseDialog({ item, onClose }: { item: Justification; onClose: (done: string | null) => void }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const decide = useDecide();
  const name = nameOf(item);
  return (
    <Modal isOpen isDismissable onOpenChange={(open) => !open && onClose(null)} className="modal">
      <Dialog className="dialog">
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            decide.mutate(
              { id: item.id, body: { version: item.version, decision: 'refused', comment: comment.trim() } },
              { onSuccess: () => onClose(t('attendance.inbox.refused', { name })) },
            );
          }}
        >
          <Heading slot="title">{t('attendance.inbox.refuseTitle', { name })}</Heading>
          <div className="field">
            <label htmlFor="refuse-comment">{t('attendance.inbox.refuseComment')}</label>
            <textarea
              id="refuse-comment"
              rows={3}
              maxLength={2000}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
            />
          </div>
          {decide.error && <DecisionError error={decide.error} />}
          <div className="toolbar">
            <Button className="button" onPress={() => onClose(null)}>
              {t('attendance.form.cancel')}
            </Button>
            <Button type="submit" className="button button-primary" isDisabled={decide.isPending}>
              {t('attendance.inbox.refuseConfirm')}
            </Button>
          </div>
        </form>
      </Dialog>
    </Modal>
  );
}

function DecisionError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const text =
    error instanceof ApiError && error.code === 'CONFLICT' ? t('attendance.inbox.conflict') : errorMessage(t, error);
  return (
    <p className="alert alert-error" role="alert">
      {text}
    </p>
  );
}

function JustificationItem({
  item,
  onRefuse,
  onDecided,
}: {
  item: Justification;
  onRefuse: (j: Justification) => void;
  onDecided: (message: string) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const decide = useDecide();
  const name = nameOf(item);
  const spans =
    item.kind === 'announcement'
      ? item.from && item.fromHalf && item.to && item.toHalf
        ? [
            describeSpan(
              t,
              { dateFrom: item.from, halfFrom: item.fromHalf, dateTo: item.to, halfTo: item.toHalf },
              locale,
            ),
          ]
        : []
      : (item.events ?? []).map(
          (e) =>
            `${t(`attendance.family.kind.${e.kind}`)} · ${describeSpan(t, e, locale)}${
              e.kind === 'lateness' && e.minutesLate !== null
                ? ` (${t('attendance.family.minutes', { minutes: e.minutesLate })})`
                : ''
            }`,
        );
  return (
    <li className="card justification-item">
      <h3 className="absence-title">
        {name}
        {item.class && <span className="muted"> · {item.class}</span>}
        <span
          className={
            item.status === 'pending' ? 'tag tag-warning' : item.status === 'accepted' ? 'tag tag-success' : 'tag'
          }
        >
          {t(`attendance.inbox.statusLabel.${item.status}`)}
        </span>
      </h3>
      <dl className="facts stacked">
        <div>
          <dt>{t('attendance.inbox.kind')}</dt>
          <dd>{t(`attendance.inbox.kinds.${item.kind}`)}</dd>
        </div>
        <div>
          <dt>{t('attendance.inbox.dates')}</dt>
          <dd>
            {spans.length <= 1 ? (
              (spans[0] ?? '')
            ) : (
              <ul className="plain-list">
                {spans.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('attendance.form.reason')}</dt>
          <dd>
            {item.reason?.label ?? t('common.none')}
            {item.reason && !item.reason.isValid && (
              <span className="tag tag-warning">{t('attendance.inbox.notLegit')}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('attendance.inbox.comment')}</dt>
          <dd className="pre-wrap">{item.comment || t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('attendance.inbox.document')}</dt>
          <dd>
            {item.documentId ? (
              <a href={documentUrl(item.documentId)} target="_blank" rel="noopener">
                {t('attendance.inbox.openDocument')}
                <span className="visually-hidden"> — {name}</span>
              </a>
            ) : (
              t('attendance.inbox.noDocument')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('attendance.inbox.submittedAt')}</dt>
          <dd>{formatDateTime(item.submittedAt)}</dd>
        </div>
        {item.decidedAt && (
          <div>
            <dt>{t('attendance.inbox.decidedAt')}</dt>
            <dd>{formatDateTime(item.decidedAt)}</dd>
          </div>
        )}
        {item.decisionComment && (
          <div>
            <dt>{t('attendance.inbox.decisionComment')}</dt>
            <dd className="pre-wrap">{item.decisionComment}</dd>
          </div>
        )}
      </dl>
      {item.status === 'pending' && (
        <div className="actions">
          <Button
            className="button button-primary"
            isDisabled={decide.isPending}
            onPress={() =>
              decide.mutate(
                { id: item.id, body: { version: item.version, decision: 'accepted', comment: '' } },
                { onSuccess: () => onDecided(t('attendance.inbox.accepted', { name })) },
              )
            }
          >
            {t('attendance.inbox.accept')}
            <span className="visually-hidden"> — {name}</span>
          </Button>
          <Button className="button" isDisabled={decide.isPending} onPress={() => onRefuse(item)}>
            {t('attendance.inbox.refuse')}
            <span className="visually-hidden"> — {name}</span>
          </Button>
        </div>
      )}
      {decide.error && <DecisionError error={decide.error} />}
    </li>
  );
}

/** Vie scolaire: the families' justifications and announcements, pending first, accepted or refused here. */
export default function JustificationsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const [status, setStatus] = useState<JustificationStatus | ''>('pending');
  const [refusing, setRefusing] = useState<Justification | null>(null);
  const [message, setMessage] = useState('');
  const q = useJustifications(schoolId, status);
  const items = q.data?.items ?? [];
  return (
    <div className="page">
      <PageTitle>{t('attendance.inbox.title')}</PageTitle>
      <div className="field narrow filter-field">
        <label htmlFor="justification-status">{t('attendance.inbox.status')}</label>
        <select
          id="justification-status"
          className="native-select"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as JustificationStatus | '')}
        >
          <option value="pending">{t('attendance.inbox.filter.pending')}</option>
          <option value="accepted">{t('attendance.inbox.filter.accepted')}</option>
          <option value="refused">{t('attendance.inbox.filter.refused')}</option>
          <option value="">{t('attendance.inbox.filter.all')}</option>
        </select>
      </div>
      <p role="status" className="alert alert-success status-line">
        {message}
      </p>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : (
        <>
          <h2 aria-live="polite">{t('attendance.inbox.count', { count: items.length })}</h2>
          {items.length === 0 ? (
            <p>{t('attendance.inbox.none')}</p>
          ) : (
            <ul className="cards">
              {items.map((j) => (
                <JustificationItem
                  key={`${j.id}-${j.version}`}
                  item={j}
                  onRefuse={(x) => {
                    setMessage('');
                    setRefusing(x);
                  }}
                  onDecided={setMessage}
                />
              ))}
            </ul>
          )}
        </>
      )}
      {refusing && (
        <RefuseDialog
          item={refusing}
          onClose={(done) => {
            setRefusing(null);
            if (done) setMessage(done);
          }}
        />
      )}
    </div>
  );
}
