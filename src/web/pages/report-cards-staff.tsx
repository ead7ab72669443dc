import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { ApiError } from '../api/client.ts';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert, errorMessage } from '../features/errors.tsx';
import {
  formatFigure,
  overviewKey,
  previewPdfUrl,
  useClassOverview,
  usePublish,
  useReads,
  useSaveAppreciation,
  useSaveCouncil,
  useStaffClasses,
} from '../features/reportcards/queries.ts';
import {
  type ClassOverview,
  type CouncilDecision,
  DECISIONS,
  type OverviewCell,
  type OverviewPupil,
  type OverviewSubject,
} from '../features/reportcards/types.ts';
import { currentLocale, formatDateTime } from '../i18n/index.ts';
import '../features/reportcards/report-cards.css';

const MAX_APPRECIATION = 1000;
const MAX_GENERAL = 1500;
const nameOf = (p: { firstName: string; lastName: string }) => `${p.lastName} ${p.firstName}`;
const cellKey = (pupilId: string, subjectId: string) => `${pupilId}:${subjectId}`;

function SaveError({ error, onReload }: { error: unknown; onReload: () => void }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.code === 'CONFLICT') {
    return (
      <div className="alert alert-error" role="alert">
        <p>{t('reportCards.staff.conflict')}</p>
        <Button className="button" onPress={onReload}>
          {t('reportCards.staff.reload')}
        </Button>
      </div>
    );
  }
  return (
    <p className="alert alert-error" role="alert">
      {errorMessage(t, error)}
    </p>
  );
}

// ------------------------------------------------------------------------------------------- missing appreciations

function MissingSummary({ o }: { o: ClassOverview }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="rc-missing" className="section">
      <h2 id="rc-missing">{t('reportCards.staff.missingTitle')}</h2>
      {o.subjects.length === 0 ? (
        <p>{t('reportCards.staff.noSubjects')}</p>
      ) : (
        <ul className="rc-missing-list">
          {o.subjects.map((s) => (
            <li key={s.subjectId} className={s.missing > 0 ? 'card rc-missing' : 'card'}>
              <span className="rc-subject">{s.subject}</span>
              <span className="rc-teachers">{s.teachers.map(nameOf).join(', ') || t('common.none')}</span>
              {s.missing > 0 ? (
                <span className="tag tag-warning">
                  {t('reportCards.staff.missingCount', { count: s.missing, expected: s.expected })}
                </span>
              ) : (
                <span className="tag tag-success">{t('reportCards.staff.complete')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Matrix({ o, cells }: { o: ClassOverview; cells: Map<string, OverviewCell> }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <div className="section">
      <h2 id="rc-matrix">{t('reportCards.staff.matrixTitle')}</h2>
      <p className="hint">{t('reportCards.staff.matrixHint')}</p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the matrix is wider than a phone: scrollable by keyboard */}
      <section className="rc-matrix-wrap" aria-labelledby="rc-matrix" tabIndex={0}>
        <table className="table rc-matrix">
          <thead>
            <tr>
              <th scope="col">{t('reportCards.staff.pupil')}</th>
              <th scope="col">{t('reportCards.staff.generalShort')}</th>
              {o.subjects.map((s) => (
                <th key={s.subjectId} scope="col">
                  {s.subject}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {o.pupils.map((p) => (
              <tr key={p.id}>
                <th scope="row">{nameOf(p)}</th>
                <td className="rc-figure">{formatFigure(p.average, locale) ?? t('common.none')}</td>
                {o.subjects.map((s) => {
                  const c = cells.get(cellKey(p.id, s.subjectId));
                  if (!c) {
                    return (
                      <td key={s.subjectId} className="muted">
                        <span aria-hidden="true">·</span>
                        <span className="visually-hidden">{t('reportCards.staff.notTaught')}</span>
                      </td>
                    );
                  }
                  const missing = !c.appreciation;
                  return (
                    <td key={s.subjectId} className={missing ? 'rc-cell rc-cell-missing' : 'rc-cell'}>
                      <span className="rc-figure">{formatFigure(c.average, locale) ?? t('common.none')}</span>{' '}
                      {missing ? (
                        <span className="rc-cell-state">{t('reportCards.staff.missingOne')}</span>
                      ) : (
                        <span className="rc-cell-state rc-ok">
                          <span aria-hidden="true">✓</span>
                          <span className="visually-hidden">{t('reportCards.staff.written')}</span>
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

// ------------------------------------------------------------------------------------------- a teacher's entry

function AppreciationField({
  o,
  pupil,
  subject,
  cell,
}: {
  o: ClassOverview;
  pupil: OverviewPupil;
  subject: OverviewSubject;
  cell: OverviewCell;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const id = useId();
  const [text, setText] = useState(cell.appreciation ?? '');
  const [saved, setSaved] = useState({ text: cell.appreciation ?? '', version: cell.version });
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const save = useSaveAppreciation(o.class.id, o.period.id);
  const missing = saved.text === '';
  const name = `${pupil.firstName} ${pupil.lastName}`;

  const commit = () => {
    if (text.trim() === saved.text || save.isPending) return;
    setState('saving');
    save.mutate(
      { periodId: o.period.id, pupilId: pupil.id, subjectId: subject.subjectId, text, version: saved.version },
      {
        onSuccess: (r) => {
          setSaved({ text: r.appreciation ?? '', version: r.version });
          setText(r.appreciation ?? '');
          setState('saved');
        },
        onError: () => setState('idle'),
      },
    );
  };
  const reload = async () => {
    await qc.invalidateQueries({ queryKey: overviewKey(o.class.id, o.period.id), exact: true });
    const fresh = qc.getQueryData<ClassOverview>(overviewKey(o.class.id, o.period.id));
    const c = fresh?.cells.find((x) => x.pupilId === pupil.id && x.subjectId === subject.subjectId);
    setSaved({ text: c?.appreciation ?? '', version: c?.version ?? null });
    setText(c?.appreciation ?? '');
    save.reset();
  };

  return (
    <li className={missing ? 'card rc-entry rc-entry-missing' : 'card rc-entry'}>
      <div className="rc-entry-head">
        <label htmlFor={id} className="rc-entry-name">
          {name}
        </label>
        <span className="rc-entry-average">
          {t('reportCards.staff.average', {
            value: formatFigure(cell.average, currentLocale()) ?? t('common.none'),
          })}
        </span>
        {missing && <span className="tag tag-warning">{t('reportCards.staff.missingOne')}</span>}
      </div>
      <textarea
        id={id}
        rows={3}
        maxLength={MAX_APPRECIATION}
        value={text}
        aria-describedby={`${id}-count`}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setState('idle');
        }}
        onBlur={commit}
      />
      <p className="rc-entry-foot">
        <span id={`${id}-count`} className="hint">
          {t('reportCards.staff.counter', { count: text.length, max: MAX_APPRECIATION })}
        </span>
        <span role="status" className="hint">
          {state === 'saving' ? t('reportCards.staff.saving') : state === 'saved' ? t('reportCards.staff.saved') : ''}
        </span>
      </p>
      {save.error && <SaveError error={save.error} onReload={() => void reload()} />}
    </li>
  );
}

function AppreciationEntry({
  o,
  subject,
  cells,
}: {
  o: ClassOverview;
  subject: OverviewSubject;
  cells: Map<string, OverviewCell>;
}) {
  const { t } = useTranslation();
  const titleId = `rc-entry-${subject.subjectId}`;
  const rows = o.pupils.flatMap((p) => {
    const c = cells.get(cellKey(p.id, subject.subjectId));
    return c ? [{ p, c }] : [];
  });
  return (
    <section aria-labelledby={titleId} className="section">
      <h2 id={titleId}>
        {t('reportCards.staff.entryTitle', { subject: subject.subject })}
        {subject.missing > 0 ? (
          <span className="tag tag-warning">
            {t('reportCards.staff.missingCount', { count: subject.missing, expected: subject.expected })}
          </span>
        ) : (
          <span className="tag tag-success">{t('reportCards.staff.complete')}</span>
        )}
      </h2>
      <p className="hint">{t('reportCards.staff.entryHint')}</p>
      <ul className="rc-entries">
        {rows.map(({ p, c }) => (
          <AppreciationField key={`${p.id}:${subject.subjectId}`} o={o} pupil={p} subject={subject} cell={c} />
        ))}
      </ul>
    </section>
  );
}

// ------------------------------------------------------------------------------------------- the class council

function CouncilForm({ o, pupil }: { o: ClassOverview; pupil: OverviewPupil }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const id = useId();
  const current = o.council.find((c) => c.pupilId === pupil.id);
  const [text, setText] = useState(current?.generalAppreciation ?? '');
  const [decision, setDecision] = useState<CouncilDecision | ''>(current?.decision ?? '');
  const [version, setVersion] = useState<number | null>(current?.version ?? null);
  const [message, setMessage] = useState('');
  const save = useSaveCouncil(o.class.id, o.period.id);
  const name = `${pupil.firstName} ${pupil.lastName}`;
  const reload = async () => {
    await qc.invalidateQueries({ queryKey: overviewKey(o.class.id, o.period.id), exact: true });
    const fresh = qc.getQueryData<ClassOverview>(overviewKey(o.class.id, o.period.id));
    const c = fresh?.council.find((x) => x.pupilId === pupil.id);
    setText(c?.generalAppreciation ?? '');
    setDecision(c?.decision ?? '');
    setVersion(c?.version ?? null);
    save.reset();
  };
  const titleId = `${id}-title`;
  return (
    <li className="card rc-council">
      <form
        className="form"
        aria-labelledby={titleId}
        onSubmit={(e) => {
          e.preventDefault();
          setMessage('');
          save.mutate(
            {
              periodId: o.period.id,
              pupilId: pupil.id,
              generalAppreciation: text,
              decision: decision === '' ? null : decision,
              version,
            },
            {
              onSuccess: (r) => {
                setVersion(r.version);
                setMessage(t('reportCards.staff.councilSaved', { name }));
              },
            },
          );
        }}
      >
        <h3 id={titleId} className="rc-council-title">
          {name}
          <span className="rc-entry-average">
            {t('reportCards.staff.generalAverage', {
              value: formatFigure(pupil.average, currentLocale()) ?? t('common.none'),
            })}
          </span>
        </h3>
        <div className="field">
          <label htmlFor={`${id}-text`}>{t('reportCards.staff.generalAppreciation')}</label>
          <textarea
            id={`${id}-text`}
            rows={3}
            maxLength={MAX_GENERAL}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-decision`}>{t('reportCards.staff.decision')}</label>
          <select
            id={`${id}-decision`}
            className="native-select"
            value={decision}
            onChange={(e) => setDecision(e.currentTarget.value as CouncilDecision | '')}
          >
            <option value="">{t('reportCards.decisions.none')}</option>
            {DECISIONS.map((d) => (
              <option key={d} value={d}>
                {t(`reportCards.decisions.${d}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar">
          <a className="button" href={previewPdfUrl(o.class.id, o.period.id, pupil.id)} download>
            {t('reportCards.staff.previewPupil')}
            <span className="visually-hidden"> — {name}</span>
          </a>
          <Button type="submit" className="button button-primary" isDisabled={save.isPending}>
            {t('reportCards.staff.saveCouncil')}
            <span className="visually-hidden"> — {name}</span>
          </Button>
        </div>
        <p role="status" className="hint">
          {message}
        </p>
        {save.error && <SaveError error={save.error} onReload={() => void reload()} />}
      </form>
    </li>
  );
}

function CouncilReadOnly({ o, pupil }: { o: ClassOverview; pupil: OverviewPupil }) {
  const { t } = useTranslation();
  const c = o.council.find((x) => x.pupilId === pupil.id);
  return (
    <li className="card rc-council">
      <h3 className="rc-council-title">
        {pupil.firstName} {pupil.lastName}
      </h3>
      <p className="pre-wrap">{c?.generalAppreciation || t('reportCards.card.noAppreciation')}</p>
      <p>
        {t('reportCards.card.decision')} :{' '}
        {c?.decision ? t(`reportCards.decisions.${c.decision}`) : t('reportCards.decisions.none')}
      </p>
    </li>
  );
}

function Council({ o }: { o: ClassOverview }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="rc-council" className="section">
      <h2 id="rc-council">{t('reportCards.staff.councilTitle')}</h2>
      <ul className="rc-councils">
        {o.pupils.map((p) =>
          o.can.council ? <CouncilForm key={p.id} o={o} pupil={p} /> : <CouncilReadOnly key={p.id} o={o} pupil={p} />,
        )}
      </ul>
    </section>
  );
}

// ------------------------------------------------------------------------------------------- publication

function PublishDialog({ o, onClose }: { o: ClassOverview; onClose: (done: string | null) => void }) {
  const { t } = useTranslation();
  const [when, setWhen] = useState('');
  const publish = usePublish(o.class.id, o.period.id);
  return (
    <Modal isOpen isDismissable onOpenChange={(open) => !open && onClose(null)} className="modal">
      <Dialog className="dialog">
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            const at = when ? new Date(when).toISOString() : null;
            publish.mutate(at, {
              onSuccess: (r) =>
                onClose(t('reportCards.staff.published', { count: r.count, when: formatDateTime(r.publishAt) })),
            });
          }}
        >
          <Heading slot="title">
            {t('reportCards.staff.publishTitle', { class: o.class.code, period: o.period.label })}
          </Heading>
          <p>{t('reportCards.staff.publishHelp')}</p>
          <div className="field">
            <label htmlFor="rc-publish-at">{t('reportCards.staff.publishAt')}</label>
            <input
              id="rc-publish-at"
              type="datetime-local"
              value={when}
              onChange={(e) => setWhen(e.currentTarget.value)}
              aria-describedby="rc-publish-at-hint"
            />
            <span id="rc-publish-at-hint" className="hint">
              {t('reportCards.staff.publishAtHint')}
            </span>
          </div>
          <ErrorAlert error={publish.error} />
          <div className="toolbar">
            <Button className="button" onPress={() => onClose(null)}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" className="button button-primary" isDisabled={publish.isPending}>
              {t('reportCards.staff.publishConfirm')}
            </Button>
          </div>
        </form>
      </Dialog>
    </Modal>
  );
}

function Publication({ o }: { o: ClassOverview }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const reads = useReads(o.class.id, o.period.id, o.can.council && o.publication !== null);
  const p = o.publication;
  return (
    <section aria-labelledby="rc-publication" className="section">
      <h2 id="rc-publication">{t('reportCards.staff.publicationTitle')}</h2>
      <p role="status" className="alert alert-success status-line">
        {message}
      </p>
      {p ? (
        <p>
          {t(new Date(p.publishAt) > new Date() ? 'reportCards.staff.scheduledFor' : 'reportCards.staff.publishedOn', {
            count: p.count,
            when: formatDateTime(p.publishAt),
          })}{' '}
          {t('reportCards.staff.readBy', { count: p.readByGuardians, total: p.count })}
        </p>
      ) : (
        <p>{t('reportCards.staff.notPublished')}</p>
      )}
      {o.can.publish && (
        <div className="actions">
          <Button
            className="button button-primary"
            onPress={() => {
              setMessage('');
              setOpen(true);
            }}
          >
            {p ? t('reportCards.staff.republish') : t('reportCards.staff.publish')}
          </Button>
        </div>
      )}
      {open && (
        <PublishDialog
          o={o}
          onClose={(done) => {
            setOpen(false);
            if (done) setMessage(done);
          }}
        />
      )}
      {p && reads.data && (
        <>
          <h3>{t('reportCards.staff.readsTitle')}</h3>
          <ul className="rc-reads">
            {reads.data.pupils.map((r) => (
              <li key={r.id} className="card">
                <span className="rc-subject">
                  {r.firstName} {r.lastName}
                </span>
                {r.guardians.length === 0 ? (
                  <span className="hint">{t('reportCards.staff.noGuardian')}</span>
                ) : (
                  <ul className="plain-list">
                    {r.guardians.map((g) => (
                      <li key={g.id}>
                        {g.firstName} {g.lastName} —{' '}
                        {g.readAt ? (
                          <span className="tag tag-success">
                            {t('reportCards.staff.readOn', { when: formatDateTime(g.readAt) })}
                          </span>
                        ) : (
                          <span className="tag tag-warning">{t('reportCards.staff.unread')}</span>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {reads.error && <ErrorAlert error={reads.error} />}
    </section>
  );
}

// ------------------------------------------------------------------------------------------- the page

function ClassReportCards({ classId, periodId }: { classId: string; periodId: string }) {
  const { t } = useTranslation();
  const overview = useClassOverview(classId, periodId);
  if (overview.isPending) return <Loading />;
  if (overview.error) return <ErrorAlert error={overview.error} />;
  const o = overview.data;
  const cells = new Map(o.cells.map((c) => [cellKey(c.pupilId, c.subjectId), c]));
  const mine = o.subjects.filter((s) => s.mine);
  return (
    <>
      {o.can.council && (
        <p className="actions">
          <a className="button" href={previewPdfUrl(o.class.id, o.period.id)} download>
            {t('reportCards.staff.previewClass', { class: o.class.code })}
          </a>
        </p>
      )}
      {o.can.seeAll && <MissingSummary o={o} />}
      {mine.map((s) => (
        <AppreciationEntry key={`${s.subjectId}:${periodId}`} o={o} subject={s} cells={cells} />
      ))}
      {o.can.seeAll && <Matrix o={o} cells={cells} />}
      {o.can.seeAll && <Council key={periodId} o={o} />}
      {(o.can.seeAll || o.can.publish) && <Publication o={o} />}
    </>
  );
}

/**
 * "Bulletins" for staff: the classes they may open; per class and period, the missing appreciations, a teacher's
 * own appreciations (saved on leaving the field), the class council, the previews and the publication.
 */
export default function ReportCardsStaffPage({ me, classId }: { me: Me; classId?: string }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const search = useSearch();
  const schoolId = currentSchool(me)?.id ?? '';
  const list = useStaffClasses(schoolId);
  if (list.isPending) return <Loading />;
  if (list.error) {
    return (
      <div className="page">
        <PageTitle>{t('reportCards.staff.title')}</PageTitle>
        <ErrorAlert error={list.error} />
      </div>
    );
  }
  const l = list.data;
  const cls = classId ? l.classes.find((c) => c.id === classId) : undefined;
  if (!classId || !cls) {
    return (
      <div className="page">
        <PageTitle>{t('reportCards.staff.title')}</PageTitle>
        {classId && <p className="alert alert-error">{t('reportCards.staff.unknownClass')}</p>}
        {l.classes.length === 0 ? (
          <p>{t('reportCards.staff.noClasses')}</p>
        ) : (
          <ul className="cards quick-links">
            {l.classes.map((c) => (
              <li key={c.id} className="card">
                <Link href={`/bulletins/classes/${c.id}`} className="card-link">
                  {t('reportCards.staff.classLink', { code: c.code })}
                </Link>
                <span className="tag">{t(`reportCards.staff.roles.${c.role}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  const periodId = new URLSearchParams(search).get('periode') ?? l.currentPeriodId ?? '';
  return (
    <div className="page rc-page">
      <p className="breadcrumb">
        <Link href="/bulletins/classes">{t('reportCards.staff.back')}</Link>
      </p>
      <PageTitle>{t('reportCards.staff.classTitle', { code: cls.code })}</PageTitle>
      <div className="filters">
        <div className="field filter-field">
          <label htmlFor="rc-class">{t('reportCards.staff.class')}</label>
          <select
            id="rc-class"
            className="native-select"
            value={cls.id}
            onChange={(e) =>
              navigate(`/bulletins/classes/${e.currentTarget.value}${periodId ? `?periode=${periodId}` : ''}`)
            }
          >
            {l.classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.code}
              </option>
            ))}
          </select>
        </div>
        <div className="field filter-field">
          <label htmlFor="rc-period">{t('reportCards.staff.period')}</label>
          <select
            id="rc-period"
            className="native-select"
            value={periodId}
            onChange={(e) => navigate(`/bulletins/classes/${cls.id}?periode=${e.currentTarget.value}`)}
          >
            {l.periods.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {periodId === '' ? (
        <p>{t('reportCards.staff.noPeriods')}</p>
      ) : (
        <ClassReportCards key={`${cls.id}:${periodId}`} classId={cls.id} periodId={periodId} />
      )}
    </div>
  );
}
