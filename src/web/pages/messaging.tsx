import { useEffect, useState } from 'react';
import { Button, Input, Label, SearchField, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, Route, Switch, useLocation, useSearch } from 'wouter';
import { hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import {
  type AudienceEntry,
  attachmentUrl,
  type Folder,
  type Message,
  useBlock,
  useBlocks,
  useCloseReport,
  useConversation,
  useDraft,
  useFolder,
  useMarkMessageRead,
  useReadStatus,
  useReport,
  useReports,
  useTrash,
  useUnblock,
} from '../features/messaging/api.ts';
import { type Chosen, ComposeForm, useGroupLabel } from '../features/messaging/compose.tsx';
import { FreezePage } from '../features/messaging/freeze.tsx';
import { htmlToMarkup } from '../features/messaging/markup.ts';
import { RulesTable } from '../features/messaging/rules-table.tsx';
import { formatDateTime } from '../i18n/index.ts';

const FOLDERS: Folder[] = ['inbox', 'sent', 'drafts', 'trash'];

function Audience({ audience }: { audience: AudienceEntry[] }) {
  const groupLabel = useGroupLabel();
  return (
    <bdi>{audience.map((a) => (a.type === 'person' ? `${a.firstName} ${a.lastName}` : groupLabel(a))).join(', ')}</bdi>
  );
}

function MessageBox({ me }: { me: Me }) {
  const { t } = useTranslation();
  const params = new URLSearchParams(useSearch());
  const folder = (FOLDERS as string[]).includes(params.get('dossier') ?? '')
    ? (params.get('dossier') as Folder)
    : 'inbox';
  const [text, setText] = useState(params.get('q') ?? '');
  const [q, setQ] = useState(text);
  const list = useFolder(folder, q);
  const items = list.data?.items ?? [];
  return (
    <div className="page">
      <PageTitle>{t('messaging.title')}</PageTitle>
      <div className="toolbar">
        <Link href="/messagerie/nouveau" className="button button-primary">
          {t('messaging.new')}
        </Link>
        {hasAbility(me, 'messages.reports') && (
          <Link href="/messagerie/signalements">{t('messaging.reports.title')}</Link>
        )}
        {hasAbility(me, 'messages.block') && <Link href="/messagerie/blocages">{t('messaging.blocks.title')}</Link>}
        {hasAbility(me, 'messages.rules') && <Link href="/messagerie/regles">{t('messaging.rules.title')}</Link>}
        {hasAbility(me, 'messages.freeze') && <Link href="/messagerie/comptes">{t('messaging.freeze.title')}</Link>}
      </div>
      <nav aria-label={t('messaging.folders')}>
        <ul className="tab-list plain-list">
          {FOLDERS.map((f) => (
            <li key={f}>
              <Link href={`/messagerie?dossier=${f}`} className="tab" aria-current={f === folder ? 'page' : undefined}>
                {t(`messaging.folder.${f}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(text.trim());
        }}
      >
        <SearchField className="field" value={text} onChange={setText} onClear={() => setQ('')}>
          <Label>{t('messaging.search')}</Label>
          <Input />
        </SearchField>
        <Button type="submit" className="button">
          {t('messaging.searchButton')}
        </Button>
      </form>
      <h2>{t(`messaging.folder.${folder}`)}</h2>
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <p>{q ? t('messaging.noResult') : t('messaging.empty')}</p>
      ) : (
        <ul className="notification-list message-list">
          {items.map((m) => (
            <li key={m.id} className={m.read ? 'notification' : 'notification unread'}>
              <h3 className="notification-title">
                {!m.read && <span className="visually-hidden">{t('messaging.unread')} </span>}
                <Link href={folder === 'drafts' ? `/messagerie/brouillon/${m.id}` : `/messagerie/${m.id}`} dir="auto">
                  {m.subject || t('messaging.noSubject')}
                </Link>
              </h3>
              <p className="muted">
                {m.isOwn ? (
                  <>
                    {t('messaging.to')} <Audience audience={m.audience} />
                  </>
                ) : (
                  <bdi>
                    {m.sender.firstName} {m.sender.lastName}
                  </bdi>
                )}
                {' · '}
                <time dateTime={m.sentAt ?? m.updatedAt}>{formatDateTime(m.sentAt ?? m.updatedAt)}</time>
              </p>
              <p dir="auto" className="message-preview">
                {m.preview}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ReadStatus({ id }: { id: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const status = useReadStatus(id, open);
  return (
    <div>
      <Button className="link-button" aria-expanded={open} onPress={() => setOpen((o) => !o)}>
        {t('messaging.readStatus')}
      </Button>
      {open && status.data && (
        <div>
          {status.data.readCount !== null && (
            <p>{t('messaging.readCount', { read: status.data.readCount, total: status.data.total })}</p>
          )}
          <ul className="plain-list">
            {status.data.recipients.map((r) => (
              <li key={r.id}>
                <bdi>
                  {r.lastName} {r.firstName}
                </bdi>{' '}
                —{' '}
                {status.data.readReceipts
                  ? r.readAt
                    ? t('messaging.readAt', { date: formatDateTime(r.readAt) })
                    : t('messaging.notRead')
                  : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function ReportButton({ message }: { message: Message }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const report = useReport();
  if (report.isSuccess) return <p className="alert alert-success">{t('messaging.reported')}</p>;
  if (!open)
    return (
      <Button className="button button-small" onPress={() => setOpen(true)}>
        {t('messaging.report')}
      </Button>
    );
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        report.mutate({ id: message.id, reason });
      }}
    >
      <TextField className="field" value={reason} onChange={setReason} autoFocus>
        <Label>{t('messaging.reportReason')}</Label>
        <TextArea rows={3} />
      </TextField>
      <ErrorAlert error={report.error} />
      <div className="actions">
        <Button type="submit" className="button button-danger" isDisabled={report.isPending}>
          {t('messaging.reportConfirm')}
        </Button>
        <Button className="button" onPress={() => setOpen(false)}>
          {t('messaging.cancel')}
        </Button>
      </div>
    </form>
  );
}

type Mode = { kind: 'reply' | 'replyAll' | 'forward'; message: Message } | null;

function ConversationPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const conv = useConversation(id);
  const markRead = useMarkMessageRead();
  const trash = useTrash();
  const [mode, setMode] = useState<Mode>(null);
  const unreadIds = (conv.data?.messages ?? []).filter((m) => !m.read).map((m) => m.id);
  const unreadKey = unreadIds.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the set of unread messages changes
  useEffect(() => {
    for (const m of unreadIds) markRead.mutate(m);
  }, [unreadKey]);
  if (conv.isPending) return <Loading />;
  if (conv.error)
    return (
      <div className="page">
        <ErrorAlert error={conv.error} />
      </div>
    );
  const { messages, subject } = conv.data;
  const target = messages.find((m) => m.id === id) ?? messages[messages.length - 1];
  const initialFor = (m: Mode): { recipients: Chosen[]; subject: string; body: string } => {
    if (!m) return { recipients: [], subject: '', body: '' };
    const name = `${m.message.sender.firstName} ${m.message.sender.lastName}`;
    if (m.kind === 'forward') {
      return {
        recipients: [],
        subject: `Tr : ${m.message.subject}`,
        body: `\n\n---- ${t('messaging.forwarded', { name })} ----\n\n${htmlToMarkup(m.message.bodyHtml)}`,
      };
    }
    const recipients: Chosen[] = [{ choice: { type: 'person', id: m.message.sender.id }, label: name }];
    if (m.kind === 'replyAll') {
      for (const a of m.message.audience) {
        if (a.type === 'person' && m.message.replyAllIds.includes(a.id)) {
          recipients.push({ choice: { type: 'person', id: a.id }, label: `${a.firstName} ${a.lastName}` });
        }
      }
    }
    return {
      recipients,
      subject: m.message.subject.startsWith('Re') ? m.message.subject : `Re : ${m.message.subject}`,
      body: '',
    };
  };
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/messagerie">{t('messaging.back')}</Link>
      </p>
      <PageTitle>{subject}</PageTitle>
      <ol className="plain-list conversation">
        {messages.map((m) => (
          <li key={m.id} className="card message">
            <h2 className="message-from">
              <bdi>
                {m.sender.firstName} {m.sender.lastName}
              </bdi>{' '}
              <span className="muted">({t(`messaging.roles.${m.sender.role}`, { defaultValue: '' })})</span>
            </h2>
            <p className="muted">
              {t('messaging.to')} <Audience audience={m.audience} /> ·{' '}
              <time dateTime={m.sentAt ?? ''}>{m.sentAt ? formatDateTime(m.sentAt) : ''}</time>
            </p>
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server against a small allow-list (messaging.sanitize.ts) */}
            <div className="message-body" dir="auto" dangerouslySetInnerHTML={{ __html: m.bodyHtml }} />
            {m.attachments.length > 0 && (
              <ul className="plain-list" aria-label={t('messaging.attachments.title')}>
                {m.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={attachmentUrl(m.id, a.id)} download={a.fileName}>
                      <bdi>{a.fileName}</bdi>
                    </a>{' '}
                    <span className="muted">
                      ({Math.max(1, Math.round(a.size / 1024))} Ko
                      {a.scanned ? '' : ` · ${t('messaging.attachments.notScanned')}`})
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <div className="actions">
              {m.abilities.reply && (
                <Button className="button button-small" onPress={() => setMode({ kind: 'reply', message: m })}>
                  {t('messaging.reply')}
                </Button>
              )}
              {m.abilities.replyAll && (
                <Button className="button button-small" onPress={() => setMode({ kind: 'replyAll', message: m })}>
                  {t('messaging.replyAll')}
                </Button>
              )}
              <Button className="button button-small" onPress={() => setMode({ kind: 'forward', message: m })}>
                {t('messaging.forward')}
              </Button>
              {m.abilities.report && <ReportButton message={m} />}
            </div>
            {m.abilities.readStatus && <ReadStatus id={m.id} />}
          </li>
        ))}
      </ol>
      {target && (
        <div className="actions">
          <Button
            className="button"
            isDisabled={trash.isPending}
            onPress={() =>
              trash.mutate({ id: target.id, trashed: !target.trashed }, { onSuccess: () => navigate('/messagerie') })
            }
          >
            {target.trashed ? t('messaging.restore') : t('messaging.delete')}
          </Button>
        </div>
      )}
      {mode && (
        <section aria-labelledby="compose-title">
          <h2 id="compose-title">{t(`messaging.${mode.kind}`)}</h2>
          <ComposeForm
            key={`${mode.kind}:${mode.message.id}`}
            initial={initialFor(mode)}
            replyToId={mode.kind === 'forward' ? undefined : mode.message.id}
            forwardOfId={mode.kind === 'forward' ? mode.message.id : undefined}
            forwardedAttachments={mode.kind === 'forward' ? mode.message.attachments : []}
            compact={mode.kind === 'reply'}
            onSent={(newId) => {
              setMode(null);
              navigate(`/messagerie/${newId}`);
            }}
          />
        </section>
      )}
    </div>
  );
}

function NewMessagePage() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/messagerie">{t('messaging.back')}</Link>
      </p>
      <PageTitle>{t('messaging.new')}</PageTitle>
      <ComposeForm initial={{ recipients: [], subject: '', body: '' }} onSent={(id) => navigate(`/messagerie/${id}`)} />
    </div>
  );
}

/** A draft reopened: edit, attach, send or delete it. */
function DraftPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const draft = useDraft(id);
  const groupLabel = useGroupLabel();
  if (draft.isPending) return <Loading />;
  if (draft.error)
    return (
      <div className="page">
        <ErrorAlert error={draft.error} />
      </div>
    );
  const d = draft.data;
  const recipients: Chosen[] = d.recipients.flatMap((choice, i) => {
    const label = d.recipientLabels[i];
    if (!label) return [];
    return [{ choice, label: label.type === 'person' ? `${label.firstName} ${label.lastName}` : groupLabel(label) }];
  });
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/messagerie?dossier=drafts">{t('messaging.back')}</Link>
      </p>
      <PageTitle>{t('messaging.editDraft')}</PageTitle>
      <ComposeForm
        key={d.id}
        draftId={d.id}
        initial={{ recipients, subject: d.subject, body: htmlToMarkup(d.bodyHtml) }}
        initialAttachments={d.attachments}
        {...(d.replyToId ? { replyToId: d.replyToId } : {})}
        {...(d.forwardOfId ? { forwardOfId: d.forwardOfId } : {})}
        onSent={(sent) => navigate(`/messagerie/${sent}`)}
        onDeleted={() => navigate('/messagerie?dossier=drafts')}
      />
    </div>
  );
}

function ReportsPage() {
  const { t } = useTranslation();
  const reports = useReports();
  const close = useCloseReport();
  const block = useBlock();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/messagerie">{t('messaging.back')}</Link>
      </p>
      <PageTitle>{t('messaging.reports.title')}</PageTitle>
      <ErrorAlert error={reports.error ?? close.error ?? block.error} />
      {reports.isPending ? (
        <Loading />
      ) : reports.data?.items.length === 0 ? (
        <p>{t('messaging.reports.none')}</p>
      ) : (
        <ul className="plain-list">
          {reports.data?.items.map((r) => (
            <li key={r.id} className="card">
              <h2 dir="auto">{r.message.subject}</h2>
              <p className="muted">
                {t('messaging.reports.from', {
                  sender: `${r.message.sender.firstName} ${r.message.sender.lastName}`,
                  reporter: `${r.reporter.firstName} ${r.reporter.lastName}`,
                })}{' '}
                · <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
              </p>
              {r.reason && (
                <p dir="auto">
                  {t('messaging.reports.reason')} <bdi>{r.reason}</bdi>
                </p>
              )}
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server (messaging.sanitize.ts) */}
              <div className="message-body" dir="auto" dangerouslySetInnerHTML={{ __html: r.message.bodyHtml }} />
              <div className="actions">
                {r.closedAt ? (
                  <span className="tag tag-success">{t('messaging.reports.closed')}</span>
                ) : (
                  <Button className="button button-small" onPress={() => close.mutate(r.id)}>
                    {t('messaging.reports.close')}
                  </Button>
                )}
                {r.canBlockSender && (
                  <Button
                    className="button button-small button-danger"
                    onPress={() => block.mutate({ personId: r.message.sender.id, reason: r.message.subject })}
                  >
                    {t('messaging.blocks.block')}
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function BlocksPage() {
  const { t } = useTranslation();
  const blocks = useBlocks();
  const unblock = useUnblock();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/messagerie">{t('messaging.back')}</Link>
      </p>
      <PageTitle>{t('messaging.blocks.title')}</PageTitle>
      <p className="hint">{t('messaging.blocks.hint')}</p>
      <BlockForm />
      <ErrorAlert error={blocks.error ?? unblock.error} />
      {blocks.data?.items.length === 0 ? (
        <p>{t('messaging.blocks.none')}</p>
      ) : (
        <ul className="plain-list">
          {blocks.data?.items.map((b) => (
            <li key={b.personId} className="card">
              <bdi>
                {b.lastName} {b.firstName}
              </bdi>{' '}
              — <span dir="auto">{b.reason}</span>{' '}
              <Button className="button button-small" onPress={() => unblock.mutate(b.personId)}>
                {t('messaging.blocks.unblock', { name: `${b.firstName} ${b.lastName}` })}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Vie scolaire picks a pupil (among those it may write to: every pupil of the school) to block. */
function BlockForm() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [reason, setReason] = useState('');
  const block = useBlock();
  const [results, setResults] = useState<Array<{ id: string; name: string }>>([]);
  const search = async () => {
    const { api } = await import('../api/client.ts');
    const r = await api<{ people: Array<{ id: string; firstName: string; lastName: string; roles: string[] }> }>(
      'GET',
      `/api/messaging/recipients?q=${encodeURIComponent(q)}`,
    );
    setResults(
      r.people
        .filter((p) => p.roles.includes('pupil'))
        .map((p) => ({ id: p.id, name: `${p.firstName} ${p.lastName}` })),
    );
  };
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void search();
      }}
    >
      <TextField className="field" value={reason} onChange={setReason}>
        <Label>{t('messaging.blocks.reason')}</Label>
        <Input />
      </TextField>
      <SearchField className="field" value={q} onChange={setQ}>
        <Label>{t('messaging.blocks.searchPupil')}</Label>
        <Input />
      </SearchField>
      <Button type="submit" className="button">
        {t('messaging.searchButton')}
      </Button>
      <ErrorAlert error={block.error} />
      <ul className="plain-list">
        {results.map((p) => (
          <li key={p.id}>
            <Button className="link-button" onPress={() => block.mutate({ personId: p.id, reason })}>
              {t('messaging.blocks.blockName', { name: p.name })}
            </Button>
          </li>
        ))}
      </ul>
    </form>
  );
}

function RulesPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/messagerie">{t('messaging.back')}</Link>
      </p>
      <PageTitle>{t('messaging.rules.title')}</PageTitle>
      <RulesTable />
    </div>
  );
}

export default function MessagingPage({ me }: { me: Me }) {
  return (
    <Switch>
      <Route path="/messagerie">
        <MessageBox me={me} />
      </Route>
      <Route path="/messagerie/nouveau" component={NewMessagePage} />
      <Route path="/messagerie/brouillon/:id">{(p) => <DraftPage id={p.id} />}</Route>
      {hasAbility(me, 'messages.freeze') && <Route path="/messagerie/comptes" component={FreezePage} />}
      {hasAbility(me, 'messages.reports') && <Route path="/messagerie/signalements" component={ReportsPage} />}
      {hasAbility(me, 'messages.block') && <Route path="/messagerie/blocages" component={BlocksPage} />}
      {hasAbility(me, 'messages.rules') && <Route path="/messagerie/regles" component={RulesPage} />}
      <Route path="/messagerie/:id">{(p) => <ConversationPage id={p.id} />}</Route>
    </Switch>
  );
}
