import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button, Checkbox, Input, Label, NumberField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { Loading } from '../../components/loading.tsx';
import { ErrorAlert } from '../errors.tsx';

type Scope = 'none' | 'related' | 'school';
type Matrix = Record<string, Record<string, Scope>>;
interface Rules {
  categories: string[];
  defaults: Matrix;
  effective: Matrix;
  readReceipts: boolean;
  attachmentMaxMb: number;
  canEdit: boolean;
}
const SCOPES: Scope[] = ['none', 'related', 'school'];
const rulesKey = ['messages', 'rules'] as const;

/** Who may write to whom in the school: the table the server applies, editable by the direction. */
export function RulesTable() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const rules = useQuery({ queryKey: rulesKey, queryFn: () => api<Rules>('GET', '/api/messaging/rules') });
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  const [readReceipts, setReadReceipts] = useState(true);
  const [attachmentMaxMb, setAttachmentMaxMb] = useState(5);
  useEffect(() => {
    if (rules.data) {
      setMatrix(rules.data.effective);
      setReadReceipts(rules.data.readReceipts);
      setAttachmentMaxMb(rules.data.attachmentMaxMb);
    }
  }, [rules.data]);
  const save = useMutation({
    mutationFn: (body: { overrides: Matrix; readReceipts: boolean; attachmentMaxMb: number }) =>
      api<Rules>('PUT', '/api/messaging/rules', body),
    onSuccess: (data) => qc.setQueryData(rulesKey, data),
  });
  if (rules.error) return <ErrorAlert error={rules.error} />;
  if (!rules.data || !matrix) return <Loading />;
  const { categories, defaults, canEdit } = rules.data;
  const overrides = () => {
    const out: Matrix = {};
    for (const from of categories) {
      for (const to of categories) {
        const v = matrix[from]?.[to];
        if (v && v !== defaults[from]?.[to]) out[from] = { ...out[from], [to]: v };
      }
    }
    return out;
  };
  const role = (c: string) => t(`messaging.roles.${c}`);
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ overrides: overrides(), readReceipts, attachmentMaxMb });
      }}
    >
      <p className="hint">{t('messaging.rules.hint')}</p>
      <div className="rules-wrap">
        <table className="table">
          <caption>{t('messaging.rules.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('messaging.rules.fromTo')}</th>
              {categories.map((c) => (
                <th key={c} scope="col">
                  {role(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((from) => (
              <tr key={from}>
                <th scope="row">{role(from)}</th>
                {categories.map((to) => {
                  const value = matrix[from]?.[to] ?? 'none';
                  const changed = value !== defaults[from]?.[to];
                  return (
                    <td key={to}>
                      {canEdit ? (
                        <select
                          className="native-select"
                          aria-label={t('messaging.rules.cell', { from: role(from), to: role(to) })}
                          value={value}
                          onChange={(e) =>
                            setMatrix({ ...matrix, [from]: { ...matrix[from], [to]: e.target.value as Scope } })
                          }
                        >
                          {SCOPES.map((s) => (
                            <option key={s} value={s}>
                              {t(`messaging.rules.scope.${s}`)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        t(`messaging.rules.scope.${value}`)
                      )}
                      {changed && <span className="tag">{t('messaging.rules.changed')}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Checkbox className="checkbox" isSelected={readReceipts} onChange={setReadReceipts} isDisabled={!canEdit}>
        <span className="checkbox-box" aria-hidden="true" />
        {t('messaging.rules.readReceipts')}
      </Checkbox>
      <NumberField
        className="field"
        value={attachmentMaxMb}
        onChange={(v) => setAttachmentMaxMb(Number.isFinite(v) ? v : 5)}
        minValue={1}
        maxValue={20}
        step={1}
        isDisabled={!canEdit}
      >
        <Label>{t('messaging.rules.attachmentMaxMb')}</Label>
        <Input />
      </NumberField>
      <ErrorAlert error={save.error} />
      {save.isSuccess && <p className="alert alert-success">{t('messaging.rules.saved')}</p>}
      {canEdit && (
        <div className="actions">
          <Button type="submit" className="button button-primary" isDisabled={save.isPending}>
            {t('messaging.rules.save')}
          </Button>
        </div>
      )}
    </form>
  );
}
