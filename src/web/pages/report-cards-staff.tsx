import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, type RefObject, useId, useLayoutEffect, useRef, useState } from 'react';
import { Button, Dialog, Heading, Modal, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { ApiError } from '../api/client.ts';
import { currentSchool, hasAbility, useMe } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { AccommodationMarker } from '../features/discipline/accommodation-marker.tsx';
import { useAccommodations } from '../features/discipline/queries.ts';
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
  type StaffClass,
} from '../features/reportcards/types.ts';
import { currentLocale, formatDate, formatDateTime } from '../i18n/index.ts';
import '../features/reportcards/report-cards.css';

/**
 * The accommodations marker (tiers-temps…) beside a pupil's name, as in the grade grid and the roll call: the
 * accommodations only, a link to the plans of the pupil's file for those who open files.
 */
function useMarker(classId: string) {
  const me = useMe().data;
  const accommodations = useAccommodations(me ? currentSchool(me)?.id : undefined, { classId }).data;
  const mayOpenFile = me ? hasAbility(me, 'pupils.file') : false;
  return (p: { id: string; firstName: string; lastName: string }) => (
    <AccommodationMarker
      accommodations={accommodations?.get(p.id)}
      name={`${p.firstName} ${p.lastName}`}
      pupilId={mayOpenFile ? p.id : undefined}
    />
  );
}

const MAX_APPRECIATION = 1000;
const MAX_GENERAL = 1500;
const nameOf = (p: { firstName: string; lastName: string }) => `${p.lastName} ${p.firstName}`;
const cellKey = (pupilId: string, subjectId: string) => `${pupilId}:${subjectId}`;
const inFuture = (iso: string) => new Date(iso) > new Date();

/** A textarea as tall as its text (no cut appreciation on a phone): CSS `field-sizing` where supported, else JS. */
function useAutoGrow(ref: RefObject<HTMLTextAreaElement | null>, value: string) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the height follows the text
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || (typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content'))) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 4}px`;
  }, [ref, value]);
}

type SaveState = 'idle' | 'saving' | 'saved' | 'error';

function SaveStatus({ state }: { state: SaveState }) {
  const { t } = useTranslation();
  const text =
    state === 'saving'
      ? t('reportCards.staff.saving')
      : state === 'saved'
        ? t('reportCards.staff.saved')
        : state === 'error'
          ? t('reportCards.staff.notSaved')
          : '';
  return (
    <span role="status" className={state === 'error' ? 'hint rc-save-error' : 'hint'}>
      {text}
    </span>
  );
}

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
  const total = o.subjects.reduce((n, s) => n + s.missing, 0);
  if (o.subjects.length === 0) return <p>{t('reportCards.staff.noSubjects')}</p>;
  if (total === 0) {
    return (
      <p className="alert alert-success">
        <span aria-hidden="true">✓ </span>
        {t('reportCards.staff.allWritten')}
      </p>
    );
  }
  // The subjects still missing some first; the complete ones after.
  const subjects = [...o.subjects].sort((a, b) => Number(b.missing > 0) - Number(a.missing > 0));
  return (
    <section aria-labelledby="rc-missing" className="section">
      <h2 id="rc-missing">{t('reportCards.staff.missingTitle')}</h2>
      <ul className="rc-missing-list">
        {subjects.map((s) => (
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
    </section>
  );
}

function Matrix({ o, cells }: { o: ClassOverview; cells: Map<string, OverviewCell> }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const marker = useMarker(o.class.id);
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
                <th scope="row">
                  {nameOf(p)} {marker(p)}
                </th>
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
  const ref = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(cell.appreciation ?? '');
  const [saved, setSaved] = useState({ text: cell.appreciation ?? '', version: cell.version });
  const [state, setState] = useState<SaveState>('idle');
  useAutoGrow(ref, text);
  const save = useSaveAppreciation(o.class.id, o.period.id);
  const marker = useMarker(o.class.id);
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
        onError: () => setState('error'),
      },
    );
  };
  const reload = async () => {
    await qc.invalidateQueries({ queryKey: overviewKey(o.class.id, o.period.id), exact: true });
    const fresh = qc.getQueryData<ClassOverview>(overviewKey(o.class.id, o.period.id));
    const c = fresh?.cells.find((x) => x.pupilId === pupil.id && x.subjectId === subject.subjectId);
    setSaved({ text: c?.appreciation ?? '', version: c?.version ?? null });
    setText(c?.appreciation ?? '');
    setState('idle');
    save.reset();
  };

  return (
    <li className={missing ? 'card rc-entry rc-entry-missing' : 'card rc-entry'}>
      <div className="rc-entry-head">
        <label htmlFor={id} className="rc-entry-name">
          {name}
        </label>
        {marker(pupil)}
        <span className="rc-entry-average">
          {t('reportCards.staff.average', {
            value: formatFigure(cell.average, currentLocale()) ?? t('common.none'),
          })}
        </span>
        {missing && <span className="tag tag-warning">{t('reportCards.staff.missingOne')}</span>}
      </div>
      <textarea
        dir="auto"
        ref={ref}
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
        <SaveStatus state={state} />
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

/** One pupil's council: the general appreciation saved on leaving the field, the decision as soon as chosen. */
function CouncilForm({ o, pupil }: { o: ClassOverview; pupil: OverviewPupil }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const current = o.council.find((c) => c.pupilId === pupil.id);
  const [text, setText] = useState(current?.generalAppreciation ?? '');
  const [decision, setDecision] = useState<CouncilDecision | ''>(current?.decision ?? '');
  type Values = { text: string; decision: CouncilDecision | '' };
  // What the server holds, and what is waiting while a save is in flight (a blur then a decision at once).
  const saved = useRef({
    text: current?.generalAppreciation ?? '',
    decision: (current?.decision ?? '') as CouncilDecision | '',
    version: current?.version ?? null,
  });
  const queued = useRef<Values | null>(null);
  const [state, setState] = useState<SaveState>('idle');
  const save = useSaveCouncil(o.class.id, o.period.id);
  const marker = useMarker(o.class.id);
  useAutoGrow(ref, text);
  const name = `${pupil.firstName} ${pupil.lastName}`;

  const inFlight = useRef(false);
  const commit = (next: Values) => {
    if (inFlight.current) {
      queued.current = next;
      return;
    }
    if (next.text.trim() === saved.current.text && next.decision === saved.current.decision) return;
    inFlight.current = true;
    setState('saving');
    save.mutate(
      {
        periodId: o.period.id,
        pupilId: pupil.id,
        generalAppreciation: next.text,
        decision: next.decision === '' ? null : next.decision,
        version: saved.current.version,
      },
      {
        onSuccess: (r) => {
          inFlight.current = false;
          saved.current = { text: r.generalAppreciation, decision: r.decision ?? '', version: r.version };
          setState('saved');
          const again = queued.current;
          queued.current = null;
          if (again) commit(again);
        },
        onError: () => {
          inFlight.current = false;
          queued.current = null;
          setState('error');
        },
      },
    );
  };
  const reload = async () => {
    await qc.invalidateQueries({ queryKey: overviewKey(o.class.id, o.period.id), exact: true });
    const fresh = qc.getQueryData<ClassOverview>(overviewKey(o.class.id, o.period.id));
    const c = fresh?.council.find((x) => x.pupilId === pupil.id);
    saved.current = { text: c?.generalAppreciation ?? '', decision: c?.decision ?? '', version: c?.version ?? null };
    setText(c?.generalAppreciation ?? '');
    setDecision(c?.decision ?? '');
    setState('idle');
    save.reset();
  };
  const titleId = `${id}-title`;
  return (
    <li className="card rc-council">
      <fieldset aria-labelledby={titleId} className="form rc-fieldset">
        <h3 id={titleId} className="rc-council-title">
          {name} {marker(pupil)}
          <span className="rc-entry-average">
            {t('reportCards.staff.generalAverage', {
              value: formatFigure(pupil.average, currentLocale()) ?? t('common.none'),
            })}
          </span>
        </h3>
        <PupilFileLink pupil={pupil} />
        <div className="field">
          <label htmlFor={`${id}-text`}>{t('reportCards.staff.generalAppreciation')}</label>
          <textarea
            dir="auto"
            ref={ref}
            id={`${id}-text`}
            rows={3}
            maxLength={MAX_GENERAL}
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setState('idle');
            }}
            onBlur={() => commit({ text, decision })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-decision`}>{t('reportCards.staff.decision')}</label>
          <select
            id={`${id}-decision`}
            className="native-select"
            value={decision}
            onChange={(e) => {
              const d = e.currentTarget.value as CouncilDecision | '';
              setDecision(d);
              commit({ text, decision: d });
            }}
          >
            <option value="">{t('reportCards.decisions.none')}</option>
            {DECISIONS.map((d) => (
              <option key={d} value={d}>
                {t(`reportCards.decisions.${d}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="rc-entry-foot">
          <a className="button" href={previewPdfUrl(o.class.id, o.period.id, pupil.id)} download>
            {t('reportCards.staff.previewPupil')}
            <span className="visually-hidden"> — {name}</span>
          </a>
          <SaveStatus state={state} />
        </div>
        {save.error && <SaveError error={save.error} onReload={() => void reload()} />}
      </fieldset>
    </li>
  );
}

/** The class list leads to each pupil's file (fiche élève): its teachers, PP and direction open it. */
function PupilFileLink({ pupil }: { pupil: OverviewPupil }) {
  const { t } = useTranslation();
  return (
    <p>
      <Link href={`/eleves/${encodeURIComponent(pupil.id)}`}>
        {t('pupilFile.open')}
        <span className="visually-hidden">
          {' '}
          — {pupil.firstName} {pupil.lastName}
        </span>
      </Link>
    </p>
  );
}

function CouncilReadOnly({ o, pupil }: { o: ClassOverview; pupil: OverviewPupil }) {
  const { t } = useTranslation();
  const c = o.council.find((x) => x.pupilId === pupil.id);
  const marker = useMarker(o.class.id);
  return (
    <li className="card rc-council">
      <h3 className="rc-council-title">
        {pupil.firstName} {pupil.lastName} {marker(pupil)}
      </h3>
      <PupilFileLink pupil={pupil} />
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
      {o.can.council && <p className="hint">{t('reportCards.staff.councilHint')}</p>}
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
  const missing = o.subjects.reduce((n, s) => n + s.missing, 0);
  const councilMissing = o.pupils.filter(
    (p) => !o.council.some((c) => c.pupilId === p.id && c.generalAppreciation.trim() !== ''),
  ).length;
  const title = t(o.publication ? 'reportCards.staff.publishAgainTitle' : 'reportCards.staff.publishTitle', {
    class: o.class.label,
    period: o.period.label,
  });
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
          <Heading slot="title">{title}</Heading>
          <section aria-labelledby="rc-publish-summary" className="rc-summary">
            <h3 id="rc-publish-summary">{t('reportCards.staff.summaryTitle')}</h3>
            <dl className="facts">
              <div>
                <dt>{t('reportCards.staff.summaryPupils')}</dt>
                <dd>{o.pupils.length}</dd>
              </div>
              <div>
                <dt>{t('reportCards.staff.summaryMissing')}</dt>
                <dd className={missing > 0 ? 'rc-warn' : undefined}>{missing}</dd>
              </div>
              <div>
                <dt>{t('reportCards.staff.summaryCouncil')}</dt>
                <dd className={councilMissing > 0 ? 'rc-warn' : undefined}>{councilMissing}</dd>
              </div>
              <div>
                <dt>{t('reportCards.staff.summaryNotified')}</dt>
                <dd>{t('reportCards.staff.notifiedValue')}</dd>
              </div>
            </dl>
          </section>
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
              {o.publication ? t('reportCards.staff.republishShort') : t('reportCards.staff.publishConfirm')}
            </Button>
          </div>
        </form>
      </Dialog>
    </Modal>
  );
}

function Reads({ o }: { o: ClassOverview }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const reads = useReads(o.class.id, o.period.id, true);
  if (reads.error) return <ErrorAlert error={reads.error} />;
  if (!reads.data) return null;
  const all = reads.data.pupils;
  // Not read: the report card has guardians, none of whom opened it.
  const unread = all.filter((r) => r.guardians.length > 0 && r.guardians.every((g) => !g.readAt));
  const shown = filter === 'all' ? all : unread;
  return (
    <section aria-labelledby="rc-reads" className="section">
      <h3 id="rc-reads">{t('reportCards.staff.readsTitle')}</h3>
      <fieldset className="rc-filter">
        <legend>{t('reportCards.staff.readsFilter')}</legend>
        {(
          [
            ['all', t('reportCards.staff.readsAll', { count: all.length })],
            ['unread', t('reportCards.staff.readsUnread', { count: unread.length })],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="rc-filter-option">
            <input
              type="radio"
              name="rc-reads-filter"
              value={value}
              checked={filter === value}
              onChange={() => setFilter(value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {shown.length === 0 ? (
        <p className="alert alert-success">{t('reportCards.staff.noUnread')}</p>
      ) : (
        <ul className="rc-reads">
          {shown.map((r) => (
            <li key={r.id}>
              <span className="rc-reads-name">
                {r.lastName} {r.firstName}
              </span>
              {r.guardians.length === 0 ? (
                <span className="hint">{t('reportCards.staff.noGuardian')}</span>
              ) : (
                <ul className="rc-reads-guardians">
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
      )}
    </section>
  );
}

function Publication({ o, onPublish }: { o: ClassOverview; onPublish: () => void }) {
  const { t } = useTranslation();
  const p = o.publication;
  return (
    <section aria-labelledby="rc-publication" className="section">
      <h2 id="rc-publication">{t('reportCards.staff.publicationTitle')}</h2>
      {p ? (
        <p>
          {t(inFuture(p.publishAt) ? 'reportCards.staff.scheduledFor' : 'reportCards.staff.publishedOn', {
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
          <Button className="button button-primary" onPress={onPublish}>
            {p ? t('reportCards.staff.republish') : t('reportCards.staff.publish')}
          </Button>
        </div>
      )}
      {p && o.can.council && <Reads o={o} />}
    </section>
  );
}

// ------------------------------------------------------------------------------------------- the page

type Section = 'missing' | 'mine' | 'matrix' | 'council' | 'publication';

/** The published notice at the top, for everyone: what is changed now reaches families only after republishing. */
function PublishedNotice({ o, onPublish }: { o: ClassOverview; onPublish: () => void }) {
  const { t } = useTranslation();
  const p = o.publication;
  if (!p) return null;
  return (
    <div className="alert alert-info rc-notice">
      <p>
        {t(inFuture(p.publishAt) ? 'reportCards.staff.scheduledNotice' : 'reportCards.staff.publishedNotice', {
          when: formatDateTime(p.publishAt),
        })}
      </p>
      {o.can.publish && (
        <Button className="button" onPress={onPublish}>
          {t('reportCards.staff.republishShort')}
        </Button>
      )}
    </div>
  );
}

function ClassReportCards({ classId, periodId }: { classId: string; periodId: string }) {
  const { t } = useTranslation();
  const overview = useClassOverview(classId, periodId);
  const [dialog, setDialog] = useState(false);
  const [message, setMessage] = useState('');
  const [section, setSection] = useState<Section | null>(null);
  if (overview.isPending) return <Loading />;
  if (overview.error) return <ErrorAlert error={overview.error} />;
  const o = overview.data;
  const cells = new Map(o.cells.map((c) => [cellKey(c.pupilId, c.subjectId), c]));
  const mine = o.subjects.filter((s) => s.mine);
  const missing = o.subjects.reduce((n, s) => n + s.missing, 0);
  const mineMissing = mine.reduce((n, s) => n + s.missing, 0);
  const sections: { id: Section; label: string; count?: number; node: ReactNode }[] = [];
  if (o.can.seeAll) {
    sections.push({
      id: 'missing',
      label: t('reportCards.staff.tabs.missing'),
      count: missing,
      node: <MissingSummary o={o} />,
    });
  }
  if (mine.length > 0) {
    sections.push({
      id: 'mine',
      label: t('reportCards.staff.tabs.mine'),
      count: mineMissing,
      node: mine.map((s) => <AppreciationEntry key={s.subjectId} o={o} subject={s} cells={cells} />),
    });
  }
  if (o.can.seeAll) {
    sections.push({ id: 'matrix', label: t('reportCards.staff.tabs.matrix'), node: <Matrix o={o} cells={cells} /> });
    sections.push({ id: 'council', label: t('reportCards.staff.tabs.council'), node: <Council o={o} /> });
  }
  if (o.can.seeAll || o.can.publish) {
    sections.push({
      id: 'publication',
      label: t('reportCards.staff.tabs.publication'),
      node: <Publication o={o} onPublish={openDialog} />,
    });
  }
  // By role: a subject teacher their appreciations; the principal what is missing; direction the publication once
  // nothing is missing.
  const fallback: Section =
    mine.length > 0 && !o.can.council
      ? 'mine'
      : o.can.publish && missing === 0
        ? 'publication'
        : (sections[0]?.id ?? 'mine');
  const selected = section && sections.some((x) => x.id === section) ? section : fallback;
  function openDialog() {
    setMessage('');
    setDialog(true);
  }
  return (
    <>
      <PublishedNotice o={o} onPublish={openDialog} />
      <p role="status" className="alert alert-success status-line">
        {message}
      </p>
      {o.can.council && (
        <p className="actions">
          <a className="button" href={previewPdfUrl(o.class.id, o.period.id)} download>
            {t('reportCards.staff.previewClass', { class: o.class.label })}
          </a>
        </p>
      )}
      {sections.length === 1 ? (
        sections[0]?.node
      ) : (
        <Tabs className="tabs rc-tabs" selectedKey={selected} onSelectionChange={(k) => setSection(k as Section)}>
          <TabList aria-label={t('reportCards.staff.tabsLabel')} className="tab-list">
            {sections.map((x) => (
              <Tab key={x.id} id={x.id} className="tab">
                {x.label}
                {x.count ? <span className="tag tag-warning">{x.count}</span> : null}
              </Tab>
            ))}
          </TabList>
          {sections.map((x) => (
            <TabPanel key={x.id} id={x.id} className="tab-panel">
              {x.node}
            </TabPanel>
          ))}
        </Tabs>
      )}
      {dialog && (
        <PublishDialog
          o={o}
          onClose={(done) => {
            setDialog(false);
            if (done) setMessage(done);
          }}
        />
      )}
    </>
  );
}

/** Levels as the school says them ("6e" first, "3e" last), then the label ("3e A" before "3e B"). */
function byLevel(a: StaffClass, b: StaffClass) {
  const n = (c: StaffClass) => Number.parseInt(c.level, 10);
  const [la, lb] = [n(a), n(b)];
  if (la !== lb) {
    if (Number.isNaN(la)) return 1;
    if (Number.isNaN(lb)) return -1;
    return lb - la;
  }
  return a.label.localeCompare(b.label, 'fr', { numeric: true });
}

function ClassList({ classes, period }: { classes: StaffClass[]; period: string | null }) {
  const { t } = useTranslation();
  // The role says something only when it differs from card to card: shown where it is not the most common one.
  const counts = new Map<string, number>();
  for (const c of classes) counts.set(c.role, (counts.get(c.role) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return (
    <ul className="rc-classes">
      {[...classes].sort(byLevel).map((c) => (
        <li key={c.id} className="card rc-class">
          <Link href={`/bulletins/classes/${c.id}`} className="card-link">
            {t('reportCards.staff.classLink', { code: c.label })}
          </Link>
          {counts.size > 1 && c.role !== common && (
            <span className="tag">{t(`reportCards.staff.roles.${c.role}`)}</span>
          )}
          {period !== null && (
            <span className={c.publishedAt ? 'rc-class-state rc-ok' : 'rc-class-state'}>
              {c.publishedAt
                ? t(inFuture(c.publishedAt) ? 'reportCards.staff.listScheduled' : 'reportCards.staff.listPublished', {
                    period,
                    when: formatDate(c.publishedAt),
                  })
                : t('reportCards.staff.listNotPublished', { period })}
            </span>
          )}
          {c.missingAppreciations !== null &&
            (c.missingAppreciations > 0 ? (
              <span className="tag tag-warning">
                {t('reportCards.staff.listMissing', { count: c.missingAppreciations })}
              </span>
            ) : (
              <span className="tag tag-success">{t('reportCards.staff.listComplete')}</span>
            ))}
        </li>
      ))}
    </ul>
  );
}

/**
 * "Bulletins" for staff: the classes they may open; per class and period, in tabs: the missing appreciations, a
 * teacher's own appreciations and the class council (saved on leaving a field), the matrix, the publication.
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
    const current = l.periods.find((p) => p.id === l.currentPeriodId)?.label ?? null;
    return (
      <div className="page">
        <PageTitle>{t('reportCards.staff.title')}</PageTitle>
        {classId && <p className="alert alert-error">{t('reportCards.staff.unknownClass')}</p>}
        {l.classes.length === 0 ? (
          <p>{t('reportCards.staff.noClasses')}</p>
        ) : (
          <ClassList classes={l.classes} period={current} />
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
      <PageTitle>{t('reportCards.staff.classTitle', { code: cls.label })}</PageTitle>
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
            {[...l.classes].sort(byLevel).map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
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
