import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Button, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { currentSchool, hasAbility, useMe } from '../../api/queries.ts';
import { currentLocale } from '../../i18n/index.ts';
import { AccommodationMarker } from '../discipline/accommodation-marker.tsx';
import { useAccommodations } from '../discipline/queries.ts';
import { errorMessage } from '../errors.tsx';
import { formatDay } from '../timetable/dates.ts';
import { CommentPopover } from './comment-popover.tsx';
import { cellText, formatFigure, parseGradeInput, sameGrade } from './format.ts';
import { byName, fullName, listName } from './names.ts';
import { type GradebookKey, useSaveGrade } from './queries.ts';
import type { Gradebook, GradebookAssessment, GradebookGrade, GradeCode } from './types.ts';

/** What the column header of one's own assessment offers. */
export type AssessmentAction = 'skills' | 'edit' | 'delete';

type CellState = { state: 'saving' } | { state: 'saved' } | { state: 'error'; message: string };
const KNOWN_PROBLEMS = new Set([
  'ABOVE_SCALE',
  'NEGATIVE',
  'TOO_MANY_DECIMALS',
  'VALUE_AND_CODE',
  'NOT_A_PUPIL_OF_THIS_CLASS',
  'DUPLICATE',
]);
const cellKey = (assessmentId: string, pupilId: string) => `${assessmentId}:${pupilId}`;

/**
 * Scrolls the grid's frame so that the cell holding `el` is wholly visible beside the sticky names column (the
 * browser's own scrolling brings only the input into view, and may leave it under the names or half outside).
 * Its start edge wins when the cell is wider than the room left.
 */
function revealCell(wrap: HTMLElement | null, el: Element | null) {
  const cell = el?.closest('td, th');
  if (!wrap || !cell || !wrap.contains(cell) || cell.classList.contains('pupil-col')) return;
  const rtl = getComputedStyle(wrap).direction === 'rtl';
  const frame = wrap.getBoundingClientRect();
  const box = cell.getBoundingClientRect();
  const names = cell.parentElement?.querySelector('.pupil-col')?.getBoundingClientRect().width ?? 0;
  const margin = 4;
  const left = frame.left + wrap.clientLeft + (rtl ? 0 : names) + margin;
  const right = frame.left + wrap.clientLeft + wrap.clientWidth - (rtl ? names : 0) - margin;
  let delta = 0;
  if (rtl) {
    if (box.left < left) delta = box.left - left;
    if (box.right - delta > right) delta = box.right - right;
  } else {
    if (box.right > right) delta = box.right - right;
    if (box.left - delta < left) delta = box.left - left;
  }
  if (Math.abs(delta) >= 1) wrap.scrollBy({ left: delta });
}

/** The first problem the server found in a one-line PUT, as a code (ABOVE_SCALE...). */
function problemOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return null;
  const problems = (error.details as { problems?: Array<{ problem?: string }> } | undefined)?.problems;
  return problems?.[0]?.problem ?? null;
}

/**
 * The grade book as a table of inputs, entered like a spreadsheet: Enter or ↓ goes to the next pupil, ↑ to the
 * previous one, Tab / Shift+Tab (and ← → at the edge of the text) to the neighbouring assessment. A cell is saved
 * when it is left (one line of the all-or-nothing PUT); the averages and the footer come back from the server.
 * Only the caller's own assessments (`mine`) are editable; their headers have an "Actions" menu (skills, edit,
 * delete), and a saved grade has a comment button (also Shift+F2 in the cell).
 */
export function GradeGrid({
  book,
  bookKey,
  caption,
  focusAssessmentId,
  onFocused,
  onAction,
}: {
  book: Gradebook;
  bookKey: GradebookKey;
  caption: string;
  /** An assessment just created: its first cell gets the focus once it is in the table. */
  focusAssessmentId: string | null;
  onFocused: () => void;
  onAction: (assessment: GradebookAssessment, action: AssessmentAction) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const ids = useId();
  const save = useSaveGrade(bookKey);
  const tableRef = useRef<HTMLTableElement>(null);
  const wrapRef = useRef<HTMLElement>(null);
  const pupils = useMemo(() => byName(book.pupils), [book.pupils]);
  const me = useMe().data;
  // Pupils' accommodations (tiers-temps...): a marker beside the name, never the plan's details.
  const accommodations = useAccommodations(
    me ? currentSchool(me)?.id : undefined,
    bookKey.kind === 'class' ? { classId: bookKey.targetId } : { groupId: bookKey.targetId },
  ).data;
  // The marker leads to the plans in the pupil's file, for those who open files (the server still checks the pupil).
  const mayOpenFile = me ? hasAbility(me, 'pupils.file') : false;
  const draftsRef = useRef<Record<string, string>>({});
  const [drafts, setDraftsState] = useState<Record<string, string>>({});
  const [states, setStates] = useState<Record<string, CellState>>({});
  const [announcement, setAnnouncement] = useState('');
  const [commenting, setCommenting] = useState<{ assessmentId: string; pupilId: string } | null>(null);
  const commentTriggerRef = useRef<HTMLElement | null>(null);

  const setDrafts = (update: (d: Record<string, string>) => Record<string, string>) => {
    draftsRef.current = update(draftsRef.current);
    setDraftsState(draftsRef.current);
  };
  const setState = (key: string, s: CellState | null) =>
    setStates((all) => {
      const next = { ...all };
      if (s) next[key] = s;
      else delete next[key];
      return next;
    });

  const grades = new Map<string, GradebookGrade>(book.grades.map((g) => [cellKey(g.assessmentId, g.pupilId), g]));
  const averages = new Map(book.averages.map((a) => [a.pupilId, a.average]));
  const codeLabel = (c: GradeCode) => t(`grades.codes.${c}`);
  const figure = (f: string | null) => (f === null ? t('grades.pupil.noAverage') : formatFigure(f, locale));
  const editableCols = book.assessments.flatMap((a, i) => (a.mine ? [i] : []));

  const input = (row: number, col: number) =>
    tableRef.current?.querySelector<HTMLInputElement>(`input[data-row="${row}"][data-col="${col}"]`) ?? null;
  const focusCell = (row: number, col: number) => {
    const el = input(row, col);
    if (!el) return false;
    el.focus();
    el.select();
    return true;
  };

  // A message appeared or went in a cell (the column may have widened): the focused cell stays wholly in view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after the cells' states change
  useEffect(() => {
    revealCell(wrapRef.current, document.activeElement);
  }, [states]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the new assessment arrives in the table
  useEffect(() => {
    if (!focusAssessmentId) return;
    const col = book.assessments.findIndex((a) => a.id === focusAssessmentId);
    if (col >= 0 && focusCell(0, col)) onFocused();
  }, [focusAssessmentId, book.assessments]);

  const commit = (assessmentId: string, scale: number, pupil: { id: string; firstName: string; lastName: string }) => {
    const key = cellKey(assessmentId, pupil.id);
    const draft = draftsRef.current[key];
    if (draft === undefined) return;
    const name = fullName(pupil);
    const saved = grades.get(key);
    const fail = (message: string) => {
      setState(key, { state: 'error', message });
      setAnnouncement(t('grades.entry.errorCell', { pupil: name, message }));
    };
    const parsed = parseGradeInput(draft);
    if (!parsed.ok) return fail(t(`grades.entry.problems.${parsed.problem}`));
    if (sameGrade(parsed.grade, saved)) {
      setDrafts(({ [key]: _, ...rest }) => rest);
      setState(key, null);
      return;
    }
    setState(key, { state: 'saving' });
    const line = { pupilId: pupil.id, ...parsed.grade, comment: saved?.comment ?? null };
    save
      .mutateAsync({ assessmentId, line })
      .then(() => {
        // Typed again while the save ran: keep the newer text.
        if (draftsRef.current[key] === draft) setDrafts(({ [key]: _, ...rest }) => rest);
        setState(key, { state: 'saved' });
        const value = parsed.grade.code
          ? t(`grades.codesLong.${parsed.grade.code}`)
          : parsed.grade.value === null
            ? null
            : formatFigure(parsed.grade.value, locale);
        setAnnouncement(
          value === null
            ? t('grades.entry.clearedCell', { pupil: name })
            : t('grades.entry.savedCell', { pupil: name, value }),
        );
      })
      .catch((error: unknown) => {
        const problem = problemOf(error);
        fail(
          problem && KNOWN_PROBLEMS.has(problem)
            ? t(`grades.entry.problems.${problem}`, { scale })
            : t('grades.entry.problems.OTHER', { message: errorMessage(t, error) }),
        );
      });
  };

  /** Opens the comment of a saved grade, next to its cell's comment button. */
  const openComment = (assessmentId: string, pupil: { id: string; firstName: string; lastName: string }) => {
    const key = cellKey(assessmentId, pupil.id);
    const button = tableRef.current?.querySelector<HTMLElement>(`button[data-comment="${key}"]`);
    if (!grades.get(key) || !button || draftsRef.current[key] !== undefined) {
      setAnnouncement(t('grades.comment.needGrade', { pupil: fullName(pupil) }));
      return;
    }
    commentTriggerRef.current = button;
    setCommenting({ assessmentId, pupilId: pupil.id });
  };

  const onKeyDown = (
    e: KeyboardEvent<HTMLInputElement>,
    row: number,
    col: number,
    key: string,
    commitHere: () => void,
    commentTarget: () => Parameters<typeof openComment>,
  ) => {
    const el = e.currentTarget;
    const rtl = getComputedStyle(el).direction === 'rtl';
    const sideways = (towardsEnd: boolean) => {
      const list = towardsEnd ? editableCols.filter((c) => c > col) : editableCols.filter((c) => c < col).reverse();
      const next = list[0];
      if (next !== undefined) {
        e.preventDefault();
        focusCell(row, next);
      }
    };
    switch (e.key) {
      case 'F2':
        if (e.shiftKey) {
          e.preventDefault();
          openComment(...commentTarget());
        }
        break;
      case 'Enter':
      case 'ArrowDown':
        e.preventDefault();
        // The last pupil: saved in place, the focus stays in the column.
        if (!focusCell(row + 1, col)) {
          commitHere();
          el.select();
        }
        break;
      case 'ArrowUp':
        e.preventDefault();
        focusCell(row - 1, col);
        break;
      case 'ArrowLeft':
      case 'ArrowRight': {
        const atStart = el.selectionStart === 0 && el.selectionEnd === 0;
        const atEnd = el.selectionStart === el.value.length && el.selectionEnd === el.value.length;
        const towardsEnd = (e.key === 'ArrowRight') !== rtl;
        if (towardsEnd ? atEnd : atStart) sideways(towardsEnd);
        break;
      }
      case 'Escape':
        if (draftsRef.current[key] !== undefined) {
          e.preventDefault();
          setDrafts(({ [key]: _, ...rest }) => rest);
          setState(key, null);
        }
        break;
    }
  };

  return (
    <>
      <section
        ref={wrapRef}
        className="grade-grid-wrap"
        aria-labelledby={`${ids}-caption`}
        onFocus={(e) => revealCell(e.currentTarget, e.target)}
        // Scrollable by keyboard even when no cell is editable.
        tabIndex={editableCols.length === 0 ? 0 : undefined}
      >
        <table className="grade-grid" ref={tableRef}>
          <caption id={`${ids}-caption`} className="visually-hidden">
            {caption}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="pupil-col">
                {t('grades.entry.pupil')}
              </th>
              {book.assessments.map((a) => (
                <th key={a.id} scope="col" className={a.mine ? 'assessment-col' : 'assessment-col is-readonly'}>
                  <span className="col-title">{a.title}</span>
                  <span className="col-meta">
                    {formatDay(a.date, locale, 'short')} · {t('grades.entry.scale', { scale: a.scale })} ·{' '}
                    {t('grades.entry.coef', { coef: formatFigure(a.coefficient, locale) })}
                  </span>
                  {a.skills.length > 0 && (
                    <span className="col-meta">
                      {t('grades.entry.skillsMeta')}{' '}
                      {a.skills.map((code, i) => (
                        <span key={code}>
                          {i > 0 && t('grades.entry.listSeparator')}
                          <bdi>{code}</bdi>
                        </span>
                      ))}
                    </span>
                  )}
                  {!a.mine && (
                    <span className="col-meta">{t('grades.entry.notMine', { name: fullName(a.teacher) })}</span>
                  )}
                  {a.mine && (
                    <MenuTrigger>
                      <Button
                        className="button button-small col-actions"
                        data-actions={a.id}
                        aria-label={t('grades.entry.actionsOf', { title: a.title })}
                      >
                        {t('grades.entry.actions')} <span aria-hidden="true">▾</span>
                      </Button>
                      <Popover className="popover" placement="bottom start">
                        <Menu className="listbox menu" onAction={(action) => onAction(a, action as AssessmentAction)}>
                          {a.skills.length > 0 && (
                            <MenuItem id="skills" className="listbox-item">
                              {t('grades.entry.skillsAction')}
                            </MenuItem>
                          )}
                          <MenuItem id="edit" className="listbox-item">
                            {t('grades.entry.editAction')}
                          </MenuItem>
                          <MenuItem id="delete" className="listbox-item">
                            {t('grades.entry.deleteAction')}
                          </MenuItem>
                        </Menu>
                      </Popover>
                    </MenuTrigger>
                  )}
                </th>
              ))}
              <th scope="col" className="average-col">
                {t('grades.entry.average')}
              </th>
            </tr>
          </thead>
          <tbody>
            {pupils.map((p, row) => {
              const name = listName(p);
              return (
                <tr key={p.id}>
                  <th scope="row" className="pupil-col">
                    {name}
                    <AccommodationMarker
                      accommodations={accommodations?.get(p.id)}
                      name={name}
                      pupilId={mayOpenFile ? p.id : undefined}
                    />
                  </th>
                  {book.assessments.map((a, col) => {
                    const key = cellKey(a.id, p.id);
                    const saved = grades.get(key);
                    if (!a.mine) return <td key={a.id}>{cellText(saved, locale, codeLabel)}</td>;
                    const state = states[key];
                    const msgId = `${ids}-${row}-${col}-msg`;
                    return (
                      <td key={a.id} className={state ? `grade-cell is-${state.state}` : 'grade-cell'}>
                        <div className="grade-cell-row">
                          <input
                            className="grade-input"
                            data-row={row}
                            data-col={col}
                            aria-label={t('grades.entry.cellLabel', { assessment: a.title, pupil: name })}
                            aria-invalid={state?.state === 'error' || undefined}
                            aria-describedby={state?.state === 'error' ? msgId : undefined}
                            autoComplete="off"
                            spellCheck={false}
                            value={drafts[key] ?? cellText(saved, locale, codeLabel)}
                            onChange={(e) => {
                              const v = e.currentTarget.value;
                              setDrafts((d) => ({ ...d, [key]: v }));
                              if (state?.state !== 'saving') setState(key, null);
                            }}
                            aria-keyshortcuts={saved ? 'Shift+F2' : undefined}
                            onKeyDown={(e) =>
                              onKeyDown(
                                e,
                                row,
                                col,
                                key,
                                () => commit(a.id, a.scale, p),
                                () => [a.id, p],
                              )
                            }
                            onBlur={() => commit(a.id, a.scale, p)}
                          />
                          {state?.state === 'saving' && (
                            <span className="cell-state" aria-hidden="true" title={t('grades.entry.saving')}>
                              …
                            </span>
                          )}
                          {state?.state === 'saved' && (
                            <span className="cell-state" aria-hidden="true" title={t('grades.entry.saved')}>
                              ✓
                            </span>
                          )}
                          {saved && (
                            // Out of the Tab order (Tab goes from grade to grade): Shift+F2 in the cell opens it too.
                            <button
                              type="button"
                              tabIndex={-1}
                              className={saved.comment ? 'comment-button has-comment' : 'comment-button'}
                              data-comment={key}
                              aria-label={t(saved.comment ? 'grades.comment.edit' : 'grades.comment.add', {
                                assessment: a.title,
                                pupil: name,
                              })}
                              title={saved.comment ?? t('grades.comment.addShort')}
                              onClick={() => openComment(a.id, p)}
                            >
                              <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
                                <path
                                  d="M3 3h14a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H9l-4 3v-3H3a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1z"
                                  fill={saved.comment ? 'currentColor' : 'none'}
                                  stroke="currentColor"
                                  strokeWidth="1.6"
                                  strokeLinejoin="round"
                                />
                              </svg>
                            </button>
                          )}
                        </div>
                        {state?.state === 'error' && (
                          <span id={msgId} className="cell-error">
                            {state.message}
                          </span>
                        )}
                      </td>
                    );
                  })}
                  <td className="average-col">{figure(averages.get(p.id) ?? null)}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            {(
              [
                ['average', t('grades.entry.classAverage')],
                ['min', t('grades.entry.classMin')],
                ['max', t('grades.entry.classMax')],
              ] as const
            ).map(([stat, label]) => (
              <tr key={stat}>
                <th scope="row" className="pupil-col">
                  {label}
                </th>
                {book.assessments.map((a) => (
                  <td key={a.id}>{figure(a.stats[stat])}</td>
                ))}
                <td className="average-col">{figure(book.classStats[stat])}</td>
              </tr>
            ))}
          </tfoot>
        </table>
      </section>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {commenting &&
        (() => {
          const a = book.assessments.find((x) => x.id === commenting.assessmentId);
          const p = book.pupils.find((x) => x.id === commenting.pupilId);
          const saved = grades.get(cellKey(commenting.assessmentId, commenting.pupilId));
          if (!a || !p || !saved) return null;
          const name = listName(p);
          return (
            <CommentPopover
              triggerRef={commentTriggerRef}
              heading={t('grades.comment.title', { assessment: a.title, pupil: name })}
              comment={saved.comment}
              onSave={(comment) =>
                save
                  .mutateAsync({
                    assessmentId: a.id,
                    line: { pupilId: p.id, value: saved.value, code: saved.code, comment },
                  })
                  .then(() =>
                    setAnnouncement(
                      t(comment ? 'grades.comment.saved' : 'grades.comment.removed', { pupil: fullName(p) }),
                    ),
                  )
              }
              onClose={() => setCommenting(null)}
            />
          );
        })()}
    </>
  );
}
