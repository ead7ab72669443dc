import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Button, Checkbox, Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';

const CODES = ['ABS', 'DISP', 'NN', 'NR'] as const;
type Code = (typeof CODES)[number];
type Rule = 'excluded' | 'zero';

/** The school's grade rules, as GET/PUT /api/schools/:id/settings/grades speak them. */
interface GradeSettings {
  codeRules: Record<Code, Rule>;
  ranksEnabled: boolean;
  guardianDelayHours: number;
  quietHours: { from: string; to: string } | null;
  subjectCoefficients: Record<string, number>;
}
interface Subject {
  id: string;
  code: string;
  label: string;
}

const enc = encodeURIComponent;
const settingsKey = (schoolId: string) => ['grades', 'settings', schoolId];

/** "1,5" or "1.5" → 1.5; null when it is not a number with at most two decimals. */
function parseCoefficient(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const v = Number(t);
  return v >= 0.01 && v <= 100 ? v : null;
}
const showCoefficient = (v: number, locale: string) =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(v);

/** Direction sets how grades count and when families see them: codes, ranks, delays, quiet hours, coefficients. */
export default function GradeSettingsPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const schoolId = currentSchool(me)?.id ?? '';
  const settings = useQuery({
    queryKey: settingsKey(schoolId),
    queryFn: () => api<GradeSettings>('GET', `/api/schools/${enc(schoolId)}/settings/grades`),
    enabled: schoolId !== '',
  });
  const subjects = useQuery({
    queryKey: ['grades', 'subjects', schoolId],
    queryFn: () => api<{ subjects: Subject[] }>('GET', `/api/schools/${enc(schoolId)}/grades/subjects`),
    enabled: schoolId !== '',
  });
  const [draft, setDraft] = useState<GradeSettings | null>(null);
  const [coefficients, setCoefficients] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: GradeSettings) =>
      api<GradeSettings>('PUT', `/api/schools/${enc(schoolId)}/settings/grades`, body),
    onSuccess: (value) => {
      qc.setQueryData(settingsKey(schoolId), value);
      setSaved(true);
    },
  });
  const ids = { codes: useId(), delay: useId(), from: useId(), to: useId(), coefs: useId() };

  useEffect(() => {
    if (settings.data && draft === null) {
      setDraft(settings.data);
      setCoefficients(
        Object.fromEntries(
          Object.entries(settings.data.subjectCoefficients).map(([k, v]) => [k, showCoefficient(v, i18n.language)]),
        ),
      );
    }
  }, [settings.data, draft, i18n.language]);

  if (settings.isPending || subjects.isPending || draft === null) {
    return settings.error || subjects.error ? <ErrorAlert error={settings.error ?? subjects.error} /> : <Loading />;
  }
  const change = (patch: Partial<GradeSettings>) => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };
  const badCoefficients = Object.entries(coefficients).filter(
    ([, v]) => v.trim() !== '' && parseCoefficient(v) === null,
  );

  return (
    <>
      <PageTitle>{t('grades.settings.title')}</PageTitle>
      <p className="lead">{t('grades.settings.intro')}</p>
      <Form
        className="form settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (badCoefficients.length > 0) return;
          const subjectCoefficients: Record<string, number> = {};
          for (const [id, text] of Object.entries(coefficients)) {
            const v = parseCoefficient(text);
            if (v !== null && v !== 1) subjectCoefficients[id] = v;
          }
          save.mutate({ ...draft, subjectCoefficients });
        }}
      >
        <fieldset className="fieldset">
          <legend id={ids.codes}>{t('grades.settings.codesTitle')}</legend>
          <p className="hint">{t('grades.settings.codesHint')}</p>
          {CODES.map((code) => (
            <RadioGroup
              key={code}
              className="radio-group settings-code"
              orientation="horizontal"
              value={draft.codeRules[code]}
              onChange={(v) => change({ codeRules: { ...draft.codeRules, [code]: v as Rule } })}
            >
              <Label className="settings-code-label">{t(`grades.settings.code.${code}`)}</Label>
              {(['excluded', 'zero'] as const).map((rule) => (
                <Radio key={rule} value={rule} className="radio">
                  <span className="radio-circle" aria-hidden="true" />
                  {t(`grades.settings.${rule}`)}
                </Radio>
              ))}
            </RadioGroup>
          ))}
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t('grades.settings.publicationTitle')}</legend>
          <label htmlFor={ids.delay}>{t('grades.settings.guardianDelay')}</label>
          <input
            id={ids.delay}
            type="number"
            min={0}
            max={168}
            step={1}
            inputMode="numeric"
            value={draft.guardianDelayHours}
            onChange={(e) =>
              change({ guardianDelayHours: Math.max(0, Math.min(168, Number(e.currentTarget.value) || 0)) })
            }
          />
          <p className="hint">{t('grades.settings.guardianDelayHint')}</p>
          <Checkbox
            className="checkbox"
            isSelected={draft.quietHours !== null}
            onChange={(on) => change({ quietHours: on ? { from: '20:00', to: '07:00' } : null })}
          >
            <span className="checkbox-box" aria-hidden="true" />
            {t('grades.settings.quietHours')}
          </Checkbox>
          {draft.quietHours && (
            <div className="inline-fields">
              <label htmlFor={ids.from}>{t('grades.settings.quietFrom')}</label>
              <input
                id={ids.from}
                type="time"
                required
                value={draft.quietHours.from}
                onChange={(e) =>
                  draft.quietHours && change({ quietHours: { ...draft.quietHours, from: e.currentTarget.value } })
                }
              />
              <label htmlFor={ids.to}>{t('grades.settings.quietTo')}</label>
              <input
                id={ids.to}
                type="time"
                required
                value={draft.quietHours.to}
                onChange={(e) =>
                  draft.quietHours && change({ quietHours: { ...draft.quietHours, to: e.currentTarget.value } })
                }
              />
            </div>
          )}
          <p className="hint">{t('grades.settings.quietHoursHint')}</p>
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t('grades.settings.ranksTitle')}</legend>
          <Checkbox
            className="checkbox"
            isSelected={draft.ranksEnabled}
            onChange={(on) => change({ ranksEnabled: on })}
          >
            <span className="checkbox-box" aria-hidden="true" />
            {t('grades.settings.ranks')}
          </Checkbox>
        </fieldset>

        <fieldset className="fieldset">
          <legend id={ids.coefs}>{t('grades.settings.coefficientsTitle')}</legend>
          <p className="hint">{t('grades.settings.coefficientsHint')}</p>
          <table className="table settings-coefficients" aria-labelledby={ids.coefs}>
            <thead>
              <tr>
                <th scope="col">{t('grades.settings.subject')}</th>
                <th scope="col">{t('grades.settings.coefficient')}</th>
              </tr>
            </thead>
            <tbody>
              {(subjects.data?.subjects ?? []).map((s) => {
                const value = coefficients[s.id] ?? '';
                const bad = value.trim() !== '' && parseCoefficient(value) === null;
                const errorId = `coef-error-${s.id}`;
                return (
                  <tr key={s.id}>
                    <th scope="row">{s.label}</th>
                    <td>
                      <input
                        type="text"
                        inputMode="decimal"
                        size={5}
                        placeholder="1"
                        aria-label={t('grades.settings.coefficientOf', { subject: s.label })}
                        aria-invalid={bad || undefined}
                        aria-describedby={bad ? errorId : undefined}
                        value={value}
                        onChange={(e) => {
                          setSaved(false);
                          setCoefficients({ ...coefficients, [s.id]: e.currentTarget.value });
                        }}
                      />
                      {bad && (
                        <span id={errorId} className="field-error">
                          {t('grades.settings.badCoefficient')}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </fieldset>

        <ErrorAlert error={save.error} />
        <p role="status" className={saved ? 'alert alert-success' : 'visually-hidden'}>
          {saved ? t('grades.settings.saved') : ''}
        </p>
        <Button
          type="submit"
          className="button button-primary"
          isDisabled={save.isPending || badCoefficients.length > 0}
        >
          {t('grades.settings.save')}
        </Button>
      </Form>
    </>
  );
}
