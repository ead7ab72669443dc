import { useState } from 'react';
import { Button, Input, Label, SearchField, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../errors.tsx';
import { type GroupHit, type PersonHit, type RecipientChoice, textToHtml, useRecipientSearch, useSend } from './api.ts';

export interface Chosen {
  choice: RecipientChoice;
  label: string;
}

export const choiceKey = (c: RecipientChoice) => (c.type === 'person' ? `p:${c.id}` : `g:${c.key}`);

export function usePersonLabel() {
  const { t } = useTranslation();
  return (p: PersonHit) => {
    const roles = p.roles.map((r) => t(`messaging.roles.${r}`)).join(', ');
    const children = p.children
      .map((c) => `${c.firstName} ${c.lastName}${c.className ? ` (${c.className})` : ''}`)
      .join(', ');
    return `${p.firstName} ${p.lastName} — ${roles}${children ? ` · ${t('messaging.guardianOf', { children })}` : ''}`;
  };
}

export function useGroupLabel() {
  const { t } = useTranslation();
  return (g: Pick<GroupHit, 'kind' | 'name' | 'count'>) =>
    t(`messaging.groups.${g.kind}`, { name: g.name, count: g.count });
}

/** The recipient picker: a search that only offers whom the writer may write to (the server decides). */
function RecipientPicker({ chosen, onChange }: { chosen: Chosen[]; onChange: (c: Chosen[]) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = useRecipientSearch(q.trim());
  const personLabel = usePersonLabel();
  const groupLabel = useGroupLabel();
  const taken = new Set(chosen.map((c) => choiceKey(c.choice)));
  const add = (c: Chosen) => {
    if (!taken.has(choiceKey(c.choice))) onChange([...chosen, c]);
  };
  const groups = (search.data?.groups ?? []).filter((g) => !taken.has(`g:${g.key}`));
  const people = (search.data?.people ?? []).filter((p) => !taken.has(`p:${p.id}`));
  return (
    <fieldset className="fieldset">
      <legend>{t('messaging.recipients')}</legend>
      {chosen.length > 0 ? (
        <ul className="plain-list recipient-chosen" aria-label={t('messaging.chosen')}>
          {chosen.map((c) => (
            <li key={choiceKey(c.choice)} className="tag">
              <bdi>{c.label}</bdi>{' '}
              <Button
                className="link-button"
                aria-label={t('messaging.remove', { name: c.label })}
                onPress={() => onChange(chosen.filter((x) => choiceKey(x.choice) !== choiceKey(c.choice)))}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">{t('messaging.noRecipient')}</p>
      )}
      <SearchField className="field" value={q} onChange={setQ}>
        <Label>{t('messaging.searchRecipient')}</Label>
        <Input />
      </SearchField>
      <ul className="plain-list result-list" aria-label={t('messaging.suggestions')} aria-live="polite">
        {groups.map((g) => (
          <li key={g.key}>
            <Button
              className="link-button"
              onPress={() => add({ choice: { type: 'group', key: g.key }, label: groupLabel(g) })}
            >
              {t('messaging.add')} : <bdi>{groupLabel(g)}</bdi> ({t('messaging.people', { count: g.count })})
            </Button>
          </li>
        ))}
        {people.map((p) => (
          <li key={p.id}>
            <Button
              className="link-button"
              onPress={() => add({ choice: { type: 'person', id: p.id }, label: `${p.firstName} ${p.lastName}` })}
            >
              {t('messaging.add')} : <bdi>{personLabel(p)}</bdi>
            </Button>
          </li>
        ))}
        {search.data && groups.length === 0 && people.length === 0 && (
          <li className="muted">{t('messaging.noMatch')}</li>
        )}
      </ul>
    </fieldset>
  );
}

/** Writing a message (new, reply, reply-all or forward); the body is typed as text. */
export function ComposeForm({
  initial,
  replyToId,
  forwardOfId,
  onSent,
  compact,
}: {
  initial: { recipients: Chosen[]; subject: string; body: string };
  replyToId?: string;
  forwardOfId?: string;
  onSent: (id: string) => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const [recipients, setRecipients] = useState<Chosen[]>(initial.recipients);
  const [subject, setSubject] = useState(initial.subject);
  const [body, setBody] = useState(initial.body);
  const send = useSend();
  const submit = () =>
    send.mutate(
      {
        subject,
        body: textToHtml(body),
        recipients: recipients.map((r) => r.choice),
        ...(replyToId ? { replyToId } : {}),
        ...(forwardOfId ? { forwardOfId } : {}),
      },
      { onSuccess: (m) => onSent(m.id) },
    );
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {compact ? (
        <p>
          {t('messaging.to')} <bdi>{recipients.map((r) => r.label).join(', ')}</bdi>
        </p>
      ) : (
        <RecipientPicker chosen={recipients} onChange={setRecipients} />
      )}
      {!compact && (
        <TextField className="field" value={subject} onChange={setSubject} isRequired maxLength={200}>
          <Label>{t('messaging.subject')}</Label>
          <Input dir="auto" />
        </TextField>
      )}
      <TextField className="field" value={body} onChange={setBody} isRequired>
        <Label>{compact ? t('messaging.yourReply') : t('messaging.body')}</Label>
        <TextArea rows={compact ? 5 : 10} dir="auto" />
      </TextField>
      <ErrorAlert error={send.error} />
      <div className="actions">
        <Button
          type="submit"
          className="button button-primary"
          isDisabled={send.isPending || recipients.length === 0 || !subject.trim() || !body.trim()}
        >
          {t('messaging.send')}
        </Button>
      </div>
    </form>
  );
}
