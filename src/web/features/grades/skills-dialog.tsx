import { useId, useState } from 'react';
import { Button, Dialog, Heading, Modal, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { ErrorAlert, errorMessage } from '../errors.tsx';
import { byName, listName } from './names.ts';
import { type GradebookKey, useAssessmentDetail, useSaveSkills } from './queries.ts';
import type { GradebookAssessment, SkillCode } from './types.ts';

/** The four levels, and "not assessed" (clears a level already given). */
const LEVELS = ['0', '1', '2', '3', '4'] as const;
const cellKey = (pupilId: string, component: string) => `${pupilId}|${component}`;

/**
 * "Compétences": the assessment's pupils × the socle components it evaluates, a level per cell (a radio group:
 * Tab from cell to cell, arrows to change the level), saved together with "Enregistrer" (all or nothing).
 */
export function SkillsDialog({
  assessment,
  bookKey,
  onClose,
}: {
  assessment: GradebookAssessment;
  bookKey: GradebookKey;
  /** The number of levels saved, or null when closed without saving. */
  onClose: (saved: number | null) => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const detail = useAssessmentDetail(assessment.id);
  const save = useSaveSkills(bookKey);
  const [changes, setChanges] = useState<Record<string, number | null>>({});
  const components = (detail.data?.assessment.skills ?? assessment.skills) as SkillCode[];
  const stored = new Map((detail.data?.skillResults ?? []).map((r) => [cellKey(r.pupilId, r.component), r.level]));
  const dirty = Object.keys(changes).length;
  const levelOf = (key: string) => (key in changes ? changes[key] : (stored.get(key) ?? null));

  const submit = () => {
    const results = Object.entries(changes).map(([key, level]) => {
      const [pupilId = '', component = ''] = key.split('|');
      return { pupilId, component: component as SkillCode, level };
    });
    if (results.length === 0) return onClose(0);
    save.mutate({ id: assessment.id, results }, { onSuccess: () => onClose(results.length) });
  };

  return (
    <Modal
      isOpen
      isDismissable={dirty === 0}
      isKeyboardDismissDisabled={dirty > 0}
      onOpenChange={(open) => !open && onClose(null)}
      className="modal modal-wide"
    >
      <Dialog className="dialog" aria-describedby={`${ids}-legend`}>
        <Heading slot="title">{t('grades.skillsEntry.title', { title: assessment.title })}</Heading>
        <p id={`${ids}-legend`} className="hint">
          {t('grades.skillsEntry.help')}{' '}
          {(['1', '2', '3', '4'] as const).map((l) => (
            <span key={l} className="level-key">
              <abbr>{t(`grades.skillsEntry.short.${l}`)}</abbr> {t(`grades.levels.${l}`)}
            </span>
          ))}
        </p>
        {detail.isPending && <Loading />}
        <ErrorAlert error={detail.error} />
        {detail.data && components.length === 0 && <p>{t('grades.skillsEntry.none')}</p>}
        {detail.data && components.length > 0 && (
          <div className="skills-table-wrap">
            <table className="skills-table">
              <caption className="visually-hidden">
                {t('grades.skillsEntry.title', { title: assessment.title })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('grades.entry.pupil')}</th>
                  {components.map((c) => (
                    <th key={c} scope="col">
                      <abbr title={t(`grades.skills.${c}`)}>{c}</abbr>
                      <span className="visually-hidden"> — {t(`grades.skills.${c}`)}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {byName(detail.data.pupils).map((p) => {
                  const name = listName(p);
                  return (
                    <tr key={p.id}>
                      <th scope="row">{name}</th>
                      {components.map((c) => {
                        const key = cellKey(p.id, c);
                        const level = levelOf(key);
                        return (
                          <td key={c} className={key in changes ? 'is-changed' : undefined}>
                            <span className="skill-cell-label" aria-hidden="true">
                              {c}
                            </span>
                            <RadioGroup
                              className="level-group"
                              orientation="horizontal"
                              aria-label={t('grades.skillsEntry.cellLabel', { component: c, pupil: name })}
                              value={String(level ?? 0)}
                              onChange={(v) => {
                                const next = v === '0' ? null : Number(v);
                                setChanges((all) => {
                                  const { [key]: _, ...rest } = all;
                                  return next === (stored.get(key) ?? null) ? rest : { ...rest, [key]: next };
                                });
                              }}
                            >
                              {LEVELS.map((l) => (
                                <Radio key={l} value={l} className={`level-radio level-${l}`}>
                                  <span aria-hidden="true">{t(`grades.skillsEntry.short.${l}`)}</span>
                                  <span className="visually-hidden">
                                    {l === '0' ? t('grades.levels.none') : t(`grades.levels.${l}`)}
                                  </span>
                                </Radio>
                              ))}
                            </RadioGroup>
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {save.error && (
          <p className="alert alert-error" role="alert">
            {t('grades.skillsEntry.failed', { message: errorMessage(t, save.error) })}
          </p>
        )}
        <p className="hint" role="status">
          {dirty > 0 ? t('grades.skillsEntry.unsaved', { count: dirty }) : ''}
        </p>
        <div className="toolbar">
          <Button className="button" onPress={() => onClose(null)}>
            {t('grades.form.cancel')}
          </Button>
          <Button
            className="button button-primary"
            isDisabled={save.isPending || !detail.data || components.length === 0}
            onPress={submit}
          >
            {t('grades.skillsEntry.save')}
          </Button>
        </div>
      </Dialog>
    </Modal>
  );
}
