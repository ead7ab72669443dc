import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ApiError, api } from '../api/client.ts';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import '../features/attendance/attendance.css';
import { describeSpan, formatDay, reasonName } from '../features/attendance/format.ts';
import { documentUrl, useDecide, useJustifications } from '../features/attendance/queries.ts';
import type { Justification, JustificationStatus } from '../features/attendance/types.ts';
import { ErrorAlert, errorMessage } from '../features/errors.tsx';
import { currentLocale, formatDateTime, formatNumber } from '../i18n/index.ts';

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

type Covered = NonNullable<Justification['events']>[number];

/** What a justification covers, day by day in order: "jeudi 26 novembre" → "08:00–08:55, 09:00–09:55". */
function coveredDays(
  t: TFunction,
  item: Justification,
  locale: string,
): Array<{ key: string; day: string; what: string }> {
  if (item.kind === 'announcement') {
    if (!(item.from && item.fromHalf && item.to && item.toHalf)) return [];
    const span = { dateFrom: item.from, halfFrom: item.fromHalf, dateTo: item.to, halfTo: item.toHalf };
    return [{ key: 'announcement', day: describeSpan(t, span, locale), what: '' }];
  }
  const events = [...(item.events ?? [])].sort(
    (a, b) =>
      a.dateFrom.localeCompare(b.dateFrom) ||
      (a.startsAt ?? (a.halfFrom === 'am' ? '00:00' : '12:00')).localeCompare(
        b.startsAt ?? (b.halfFrom === 'am' ? '00:00' : '12:00'),
      ),
  );
  const days = new Map<string, { key: string; day: string; parts: string[] }>();
  const partOf = (e: Covered) => {
    const time =
      e.startsAt && e.endsAt
        ? // Word joiners: "08:00–08:55" never breaks at its dash; isolated left-to-right for Arabic.
          `\u2066${e.startsAt}\u2060–\u2060${e.endsAt}\u2069`
        : e.halfFrom === e.halfTo
          ? t(`attendance.form.half.${e.halfFrom}`)
          : t('attendance.family.wholeDay');
    if (e.kind === 'lateness') {
      return t('attendance.inbox.lateAt', {
        time: e.startsAt ?? time,
        minutes: e.minutesLate === null ? '?' : formatNumber(e.minutesLate),
      });
    }
    if (e.kind === 'early_departure') return t('attendance.family.kind.early_departure');
    return time;
  };
  for (const e of events) {
    if (e.dateFrom !== e.dateTo) {
      days.set(e.id, { key: e.id, day: describeSpan(t, e, locale), parts: [] });
      continue;
    }
    const d = days.get(e.dateFrom) ?? { key: e.dateFrom, day: formatDay(e.dateFrom, locale), parts: [] };
    d.parts.push(partOf(e));
    days.set(e.dateFrom, d);
  }
  return [...days.values()].map((d) => ({ key: d.key, day: d.day, what: d.parts.join(', ') }));
}

const STATUS_CLASS: Record<JustificationStatus, string> = {
  pending: 'tag tag-warning',
  accepted: 'tag tag-success',
  refused: 'tag',
};

function JustificationItem({
  item,
  showStatus,
  onRefuse,
  onDecided,
  selected,
  onSelect,
}: {
  item: Justification;
  /** Pending items can be selected for "Accepter la sélection". */
  selected: boolean;
  onSelect: (on: boolean) => void;
  /** Only when the list mixes statuses: "À traiter" on every card of the pending list says nothing. */
  showStatus: boolean;
  onRefuse: (j: Justification) => void;
  onDecided: (message: string) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const decide = useDecide();
  const name = nameOf(item);
  const days = coveredDays(t, item, locale);
  return (
    <li id={`justification-${item.id}`} tabIndex={-1} className="card justification-item">
      <div className="justification-head">
        {item.status === 'pending' && (
          <input
            type="checkbox"
            className="justification-select"
            checked={selected}
            aria-label={t('staffDay.inbox.select', { name })}
            onChange={(e) => onSelect(e.currentTarget.checked)}
          />
        )}
        <h3 className="justification-name">
          <Link href={`/annuaire/${encodeURIComponent(item.pupilId)}`}>
            <bdi>{name}</bdi>
          </Link>
          {item.class && <span className="muted"> · {item.class}</span>}
        </h3>
        {showStatus && (
          <span className={STATUS_CLASS[item.status]}>{t(`attendance.inbox.statusLabel.${item.status}`)}</span>
        )}
        {item.kind === 'announcement' && <span className="tag">{t('attendance.inbox.kinds.announcement')}</span>}
        <span className="muted justification-sent">
          {t('attendance.inbox.sentAt', { date: formatDateTime(item.submittedAt) })}
        </span>
      </div>
      <ul className="justification-days">
        {days.map((d) => (
          <li key={d.key}>{d.what ? t('attendance.inbox.dayLine', { day: d.day, what: d.what }) : d.day}</li>
        ))}
      </ul>
      <p className="justification-reason">
        <span className="muted">{t('attendance.inbox.reasonLabel')}</span>{' '}
        <strong>{item.reason ? reasonName(t, item.reason) : t('common.none')}</strong>
        {item.reason && !item.reason.isValid && (
          <span className="tag tag-warning">{t('attendance.inbox.notLegit')}</span>
        )}
        {item.comment && <span className="pre-wrap"> — {t('attendance.inbox.quoted', { text: item.comment })}</span>}
      </p>
      {(item.decidedAt || item.decisionComment) && (
        <p className="muted">
          {item.decidedAt && t('attendance.inbox.decidedOn', { date: formatDateTime(item.decidedAt) })}
          {item.decisionComment && (
            <span className="pre-wrap"> {t('attendance.inbox.decisionLine', { comment: item.decisionComment })}</span>
          )}
        </p>
      )}
      <div className="actions justification-actions">
        {item.documentId && (
          <a href={documentUrl(item.documentId)} target="_blank" rel="noopener" className="justification-document">
            {t('attendance.inbox.openDocument')}
            <span className="visually-hidden"> — {name}</span>
          </a>
        )}
        {item.status === 'pending' && (
          <>
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
          </>
        )}
      </div>
      {decide.error && <DecisionError error={decide.error} />}
    </li>
  );
}

/** How many cards a page shows before "Afficher plus": 117 cards on one page is 30,000 px on a phone. */
const PAGE_SIZE = 20;

/** Accents and case aside: "eloise" finds "Éloïse". */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('fr');

/**
 * Vie scolaire: the families' justifications and announcements, pending ones first in, first out; filtered by
 * class and pupil, accepted or refused here. After a decision the result shows in the status line (sticky at the
 * top of the list) and the focus moves to the next card.
 */
export default function JustificationsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const [status, setStatus] = useState<JustificationStatus | ''>('pending');
  const [classFilter, setClassFilter] = useState('');
  const [search, setSearch] = useState('');
  const [order, setOrder] = useState<'oldest' | 'newest'>('oldest');
  const [refusing, setRefusing] = useState<Justification | null>(null);
  const [message, setMessage] = useState('');
  // Where the focus goes once the list has been reloaded after a decision: the next card, or the status line.
  const [focusNext, setFocusNext] = useState<string | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const qc = useQueryClient();
  // A page at a time ("Afficher plus"), and a selection to accept at once.
  const [shown, setShown] = useState(PAGE_SIZE);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkBusy, setBulkBusy] = useState(false);
  const q = useJustifications(schoolId, status);
  const all = q.data?.items ?? [];
  const classes = [...new Set(all.flatMap((j) => (j.class ? [j.class] : [])))].sort((a, b) =>
    a.localeCompare(b, 'fr', { numeric: true }),
  );
  const needle = fold(search.trim());
  const items = all
    .filter((j) => !classFilter || j.class === classFilter)
    .filter((j) => {
      if (!needle) return true;
      const p = j.pupil;
      return p ? fold(`${p.firstName} ${p.lastName} ${p.lastName} ${p.firstName}`).includes(needle) : false;
    })
    .sort((a, b) =>
      order === 'oldest' ? a.submittedAt.localeCompare(b.submittedAt) : b.submittedAt.localeCompare(a.submittedAt),
    );
  const filtered = items.length !== all.length;
  const visible = items.slice(0, shown);
  const pendingVisible = visible.filter((j) => j.status === 'pending');
  const chosen = items.filter((j) => j.status === 'pending' && selected.has(j.id));

  // A new filter starts from the first page and an empty selection.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when a filter changes
  useEffect(() => {
    setShown(PAGE_SIZE);
    setSelected(new Set());
  }, [status, classFilter, search, order]);

  const select = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  /** Accepts the selected justifications one by one; those someone else decided first are counted apart. */
  const acceptSelected = async () => {
    setBulkBusy(true);
    setMessage('');
    let accepted = 0;
    let failed = 0;
    for (const j of chosen) {
      try {
        await api('POST', `/api/attendance/justifications/${encodeURIComponent(j.id)}/decision`, {
          version: j.version,
          decision: 'accepted',
          comment: '',
        });
        accepted++;
      } catch {
        failed++;
      }
    }
    setSelected(new Set());
    await qc.invalidateQueries({ queryKey: ['attendance', 'justifications'] });
    setBulkBusy(false);
    setMessage(
      [
        t('staffDay.inbox.bulkAccepted', { count: accepted, formatted: formatNumber(accepted) }),
        failed > 0 ? t('staffDay.inbox.bulkFailed', { count: failed, formatted: formatNumber(failed) }) : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
    statusRef.current?.focus();
  };

  const decided = (item: Justification, text: string) => {
    const i = items.findIndex((j) => j.id === item.id);
    const next = items[i + 1] ?? items[i - 1];
    setMessage(text);
    setFocusNext(next && next.id !== item.id ? next.id : '');
  };

  useEffect(() => {
    if (focusNext === null || q.isFetching) return;
    const target = focusNext ? document.getElementById(`justification-${focusNext}`) : null;
    (target ?? statusRef.current)?.focus();
    setFocusNext(null);
  }, [focusNext, q.isFetching]);

  return (
    <div className="page">
      <PageTitle>{t('attendance.inbox.title')}</PageTitle>
      <div className="inbox-filters">
        <div className="field">
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
        <div className="field">
          <label htmlFor="justification-class">{t('attendance.inbox.class')}</label>
          <select
            id="justification-class"
            className="native-select"
            value={classFilter}
            onChange={(e) => setClassFilter(e.currentTarget.value)}
          >
            <option value="">{t('attendance.inbox.allClasses')}</option>
            {classes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="field inbox-wide">
          <label htmlFor="justification-search">{t('attendance.inbox.search')}</label>
          <input
            id="justification-search"
            type="search"
            autoComplete="off"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
        </div>
        <div className="field inbox-wide">
          <label htmlFor="justification-order">{t('attendance.inbox.order')}</label>
          <select
            id="justification-order"
            className="native-select"
            value={order}
            onChange={(e) => setOrder(e.currentTarget.value as 'oldest' | 'newest')}
          >
            <option value="oldest">{t('attendance.inbox.oldest')}</option>
            <option value="newest">{t('attendance.inbox.newest')}</option>
          </select>
        </div>
      </div>
      <p ref={statusRef} role="status" tabIndex={-1} className="alert alert-success status-line inbox-status">
        {message}
      </p>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : (
        <>
          <h2 aria-live="polite">{t('attendance.inbox.count', { count: items.length })}</h2>
          {filtered && <p className="hint">{t('attendance.inbox.ofTotal', { count: all.length })}</p>}
          {pendingVisible.length > 0 && (
            <div className="actions bulk-actions">
              <Button
                className="button"
                onPress={() => setSelected(new Set(pendingVisible.map((j) => j.id)))}
                isDisabled={bulkBusy}
              >
                {t('staffDay.inbox.selectShown', { count: pendingVisible.length })}
              </Button>
              {chosen.length > 0 && (
                <Button className="button" onPress={() => setSelected(new Set())} isDisabled={bulkBusy}>
                  {t('staffDay.inbox.clearSelection')}
                </Button>
              )}
              <Button
                className="button button-primary"
                isDisabled={chosen.length === 0 || bulkBusy}
                onPress={() => void acceptSelected()}
              >
                {t('staffDay.inbox.acceptSelected', { count: chosen.length })}
              </Button>
            </div>
          )}
          {items.length === 0 ? (
            <p>{t('attendance.inbox.none')}</p>
          ) : (
            <ul className="justification-list">
              {visible.map((j) => (
                <JustificationItem
                  key={`${j.id}-${j.version}`}
                  item={j}
                  showStatus={status === '' || j.status !== status}
                  onRefuse={(x) => {
                    setMessage('');
                    setRefusing(x);
                  }}
                  onDecided={(text) => decided(j, text)}
                  selected={selected.has(j.id)}
                  onSelect={(on) => select(j.id, on)}
                />
              ))}
            </ul>
          )}
          {items.length > visible.length && (
            <div className="actions">
              <p className="hint">{t('staffDay.inbox.shownOf', { shown: visible.length, count: items.length })}</p>
              <Button className="button" onPress={() => setShown((n) => n + PAGE_SIZE)}>
                {t('staffDay.inbox.showMore', {
                  count: Math.min(PAGE_SIZE, items.length - visible.length),
                })}
              </Button>
            </div>
          )}
        </>
      )}
      {refusing && (
        <RefuseDialog
          item={refusing}
          onClose={(done) => {
            const item = refusing;
            setRefusing(null);
            if (done) decided(item, done);
          }}
        />
      )}
    </div>
  );
}
