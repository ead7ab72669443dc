import { useRef, useState } from 'react';
import { Button, Input, Label, SearchField, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../errors.tsx';
import {
  type Attachment,
  type GroupHit,
  type PersonHit,
  type RecipientChoice,
  useDeleteAttachment,
  useDeleteDraft,
  useRecipientSearch,
  useSaveDraft,
  useSend,
  useUploadAttachment,
} from './api.ts';
import { markupToHtml } from './markup.ts';

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

const formatSize = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} Mo` : `${Math.max(1, Math.round(bytes / 1024))} Ko`;

/** The formatting toolbar: it writes the simple markup (markup.ts) around the selection of the text area. */
function FormatToolbar({
  area,
  value,
  onChange,
}: {
  area: React.RefObject<HTMLTextAreaElement | null>;
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation();
  const apply = (edit: (selected: string) => string) => {
    const el = area.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const replaced = edit(value.slice(start, end));
    onChange(value.slice(0, start) + replaced + value.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start, start + replaced.length);
    });
  };
  const lines = (prefix: (i: number) => string) => (sel: string) =>
    `${(sel || t('messaging.format.item'))
      .split('\n')
      .map((l, i) => `${prefix(i)}${l}`)
      .join('\n')}\n`;
  return (
    <div role="toolbar" aria-label={t('messaging.format.toolbar')} className="actions format-toolbar">
      <Button
        className="button button-small"
        onPress={() => apply((sel) => `**${sel || t('messaging.format.bold')}**`)}
      >
        <strong>{t('messaging.format.bold')}</strong>
      </Button>
      <Button className="button button-small" onPress={() => apply(lines(() => '- '))}>
        {t('messaging.format.list')}
      </Button>
      <Button className="button button-small" onPress={() => apply(lines((i) => `${i + 1}. `))}>
        {t('messaging.format.numbered')}
      </Button>
      <Button
        className="button button-small"
        onPress={() => apply((sel) => `[${sel || t('messaging.format.linkText')}](https://)`)}
      >
        {t('messaging.format.link')}
      </Button>
    </div>
  );
}

/**
 * Writing a message (new, reply, reply-all, forward, or a draft reopened). The body is typed in a simple markup
 * (markup.ts) that the toolbar writes; the server sanitises whatever arrives. Files are attached to the draft,
 * which is created on the first file or on "Enregistrer le brouillon".
 */
export function ComposeForm({
  initial,
  draftId: initialDraftId,
  initialAttachments = [],
  forwardedAttachments = [],
  replyToId,
  forwardOfId,
  onSent,
  onDeleted,
  compact,
}: {
  initial: { recipients: Chosen[]; subject: string; body: string };
  draftId?: string;
  initialAttachments?: Attachment[];
  forwardedAttachments?: Attachment[];
  replyToId?: string;
  forwardOfId?: string;
  onSent: (id: string) => void;
  onDeleted?: () => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const [recipients, setRecipients] = useState<Chosen[]>(initial.recipients);
  const [subject, setSubject] = useState(initial.subject);
  const [body, setBody] = useState(initial.body);
  const [draftId, setDraftId] = useState<string | undefined>(initialDraftId);
  const [attachments, setAttachments] = useState<Attachment[]>(initialAttachments);
  const [saved, setSaved] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const send = useSend();
  const save = useSaveDraft();
  const upload = useUploadAttachment();
  const removeFile = useDeleteAttachment();
  const deleteDraft = useDeleteDraft();
  const payload = () => ({
    subject,
    body: markupToHtml(body),
    recipients: recipients.map((r) => r.choice),
    ...(replyToId ? { replyToId } : {}),
    ...(forwardOfId ? { forwardOfId } : {}),
  });
  const saveDraft = async () => {
    const d = await save.mutateAsync({ id: draftId, body: payload() });
    setDraftId(d.id);
    return d.id;
  };
  const submit = async () => {
    // A draft is saved first, so that what is sent is what the form shows.
    let id: string | undefined;
    try {
      id = draftId ? await saveDraft() : undefined;
    } catch {
      return; // shown by the error alert
    }
    send.mutate({ ...payload(), ...(id ? { draftId: id } : {}) }, { onSuccess: (m) => onSent(m.id) });
  };
  const attach = async (files: FileList | null) => {
    try {
      for (const file of Array.from(files ?? [])) {
        const id = draftId ?? (await saveDraft());
        const a = await upload.mutateAsync({ draftId: id, file });
        setAttachments((list) => [...list, a]);
      }
    } catch {
      // shown by the error alert
    }
    if (fileInput.current) fileInput.current.value = '';
  };
  const busy = send.isPending || save.isPending || upload.isPending;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
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
      <FormatToolbar area={area} value={body} onChange={setBody} />
      <TextField className="field" value={body} onChange={setBody} isRequired>
        <Label>{compact ? t('messaging.yourReply') : t('messaging.body')}</Label>
        <TextArea ref={area} rows={compact ? 5 : 10} dir="auto" aria-describedby="format-hint" />
      </TextField>
      <p id="format-hint" className="hint">
        {t('messaging.format.hint')}
      </p>
      {/* A quick reply is text; a full form (new, reply-all, forward, draft) takes files. */}
      {!compact && (
        <fieldset className="fieldset">
          <legend>{t('messaging.attachments.title')}</legend>
          {forwardedAttachments.length > 0 && (
            <p className="hint">
              {t('messaging.attachments.forwarded', { names: forwardedAttachments.map((a) => a.fileName).join(', ') })}
            </p>
          )}
          {attachments.length > 0 && (
            <ul className="plain-list">
              {attachments.map((a) => (
                <li key={a.id}>
                  <bdi>{a.fileName}</bdi> ({formatSize(a.size)}){' '}
                  <Button
                    className="link-button"
                    aria-label={t('messaging.attachments.remove', { name: a.fileName })}
                    onPress={() =>
                      draftId &&
                      removeFile.mutate(
                        { draftId, id: a.id },
                        { onSuccess: () => setAttachments((list) => list.filter((x) => x.id !== a.id)) },
                      )
                    }
                  >
                    {t('messaging.attachments.removeShort')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <label className="field">
            <span>{t('messaging.attachments.add')}</span>
            <input ref={fileInput} type="file" multiple onChange={(e) => void attach(e.currentTarget.files)} />
          </label>
          <p className="hint">{t('messaging.attachments.hint')}</p>
        </fieldset>
      )}
      <ErrorAlert error={send.error ?? save.error ?? upload.error ?? removeFile.error ?? deleteDraft.error} />
      {saved && !save.isPending && <p className="alert alert-success">{t('messaging.draftSaved')}</p>}
      <div className="actions">
        <Button
          type="submit"
          className="button button-primary"
          isDisabled={busy || recipients.length === 0 || !subject.trim() || !body.trim()}
        >
          {t('messaging.send')}
        </Button>
        <Button
          className="button"
          isDisabled={busy}
          onPress={() => {
            setSaved(false);
            saveDraft().then(
              () => setSaved(true),
              () => undefined,
            );
          }}
        >
          {t('messaging.saveDraft')}
        </Button>
        {draftId && onDeleted && (
          <Button
            className="button button-danger"
            isDisabled={busy}
            onPress={() => deleteDraft.mutate(draftId, { onSuccess: onDeleted })}
          >
            {t('messaging.deleteDraft')}
          </Button>
        )}
      </div>
    </form>
  );
}
