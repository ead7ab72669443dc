import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Checkbox, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { api } from '../../api/client.ts';
import { usePeople } from '../../api/queries.ts';
import type {
  AdminPersonDetail,
  Guardianship,
  GuardianshipCreateBody,
  GuardianshipUpdateBody,
} from '../../api/types.ts';
import { ErrorAlert } from '../errors.tsx';
import { adminPath } from './admin-api.ts';

const RESPONSIBILITIES = ['legal1', 'legal2', 'contact'] as const;
const FLAGS = ['livesWith', 'receivesMail', 'mayCollect', 'courtRestricted'] as const;
type Flag = (typeof FLAGS)[number];

function FlagBox(props: {
  flag: Flag | 'schoolAccess';
  isSelected: boolean;
  onChange: (v: boolean) => void;
  isDisabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox
      className="checkbox"
      isSelected={props.isSelected}
      onChange={props.onChange}
      isDisabled={props.isDisabled}
    >
      <span className="checkbox-box" aria-hidden="true" />
      {t(`links.${props.flag}`)}
    </Checkbox>
  );
}

/** The family links of a pupil (their guardians) or of a guardian (their children), editable in place. */
export function FamilyLinks({ schoolId, person }: { schoolId: string; person: AdminPersonDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const isPupil = person.profiles.includes('pupil');
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', schoolId, 'person'] });
  const write = useMutation({
    mutationFn: (r: { method: 'POST' | 'PATCH' | 'DELETE'; path: string; body?: unknown }) =>
      api<Guardianship>(r.method, adminPath(schoolId, r.path), r.body),
    onSuccess: () => {
      void refresh();
      void qc.invalidateQueries({ queryKey: ['person', schoolId] });
    },
  });
  const patch = (id: string, body: GuardianshipUpdateBody) =>
    write.mutate({ method: 'PATCH', path: `guardianships/${encodeURIComponent(id)}`, body });
  return (
    <section className="section" aria-labelledby="links-title">
      <h2 id="links-title">{isPupil ? t('links.titlePupil') : t('links.titleGuardian')}</h2>
      <ErrorAlert error={write.error} />
      {person.links.length === 0 && <p>{t('links.none')}</p>}
      <ul className="cards">
        {person.links.map((l) => {
          const other = isPupil ? l.guardian : l.pupil;
          const name = `${other.firstName} ${other.lastName}`;
          return (
            <li key={l.id} className="card">
              <p>
                <Link href={`~/annuaire/${other.id}`}>{name}</Link>
              </p>
              <div className="field">
                <label htmlFor={`resp-${l.id}`}>{t('links.kind')}</label>
                <select
                  id={`resp-${l.id}`}
                  className="native-select"
                  value={l.responsibility}
                  onChange={(e) =>
                    patch(l.id, { responsibility: e.currentTarget.value as (typeof RESPONSIBILITIES)[number] })
                  }
                >
                  {RESPONSIBILITIES.map((r) => (
                    <option key={r} value={r}>
                      {t(`responsibility.${r}`)}
                    </option>
                  ))}
                </select>
              </div>
              <fieldset className="checkbox-list">
                <legend className="visually-hidden">{t('links.flagsOf', { name })}</legend>
                {FLAGS.map((f) => (
                  <FlagBox
                    key={f}
                    flag={f}
                    isSelected={l[f]}
                    isDisabled={write.isPending}
                    onChange={(v) => patch(l.id, { [f]: v })}
                  />
                ))}
                {l.responsibility === 'contact' && (
                  // Legal guardians always follow the schooling; another contact only when the school decides.
                  <FlagBox
                    flag="schoolAccess"
                    isSelected={l.schoolAccess}
                    isDisabled={write.isPending}
                    onChange={(v) => patch(l.id, { schoolAccess: v })}
                  />
                )}
              </fieldset>
              <Button
                className="button button-small"
                isDisabled={write.isPending}
                onPress={() => write.mutate({ method: 'DELETE', path: `guardianships/${encodeURIComponent(l.id)}` })}
              >
                {t('links.remove')}
                <span className="visually-hidden"> {name}</span>
              </Button>
            </li>
          );
        })}
      </ul>
      <NewLinkForm
        schoolId={schoolId}
        person={person}
        onCreate={(body) => write.mutateAsync({ method: 'POST', path: 'guardianships', body })}
      />
    </section>
  );
}

function NewLinkForm(props: {
  schoolId: string;
  person: AdminPersonDetail;
  onCreate: (body: GuardianshipCreateBody) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const isPupil = props.person.profiles.includes('pupil');
  const [q, setQ] = useState('');
  const [otherId, setOtherId] = useState('');
  const [responsibility, setResponsibility] = useState<(typeof RESPONSIBILITIES)[number]>('legal1');
  const [flags, setFlags] = useState<Record<Flag, boolean>>({
    livesWith: true,
    receivesMail: true,
    mayCollect: true,
    courtRestricted: false,
  });
  const [schoolAccess, setSchoolAccess] = useState(false);
  const [done, setDone] = useState('');
  const found = usePeople(
    props.schoolId,
    { q: q.trim(), profile: isPupil ? 'guardian' : 'pupil', limit: 20, offset: 0 },
    q.trim().length >= 2,
  );
  const linked = new Set(props.person.links.map((l) => (isPupil ? l.guardianId : l.pupilId)));
  const options = (found.data?.items ?? []).filter((p) => !linked.has(p.id) && p.id !== props.person.id);
  return (
    <Form
      className="form compact"
      aria-labelledby="new-link-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!otherId) return;
        const body: GuardianshipCreateBody = {
          guardianId: isPupil ? otherId : props.person.id,
          pupilId: isPupil ? props.person.id : otherId,
          responsibility,
          ...flags,
          ...(responsibility === 'contact' ? { schoolAccess } : {}),
        };
        setDone('');
        props.onCreate(body).then(
          () => {
            setDone(t('links.added'));
            setOtherId('');
            setQ('');
          },
          () => undefined,
        );
      }}
    >
      <h3 id="new-link-title">{isPupil ? t('links.addGuardian') : t('links.addChild')}</h3>
      <div className="field">
        <label htmlFor="link-search">{isPupil ? t('links.searchGuardian') : t('links.searchPupil')}</label>
        <input
          id="link-search"
          type="search"
          value={q}
          autoComplete="off"
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setOtherId('');
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="link-person">{t('links.person')}</label>
        <select
          id="link-person"
          className="native-select"
          required
          value={otherId}
          onChange={(e) => setOtherId(e.currentTarget.value)}
        >
          <option value="">
            {q.trim().length >= 2 ? t('links.choose', { count: options.length }) : t('links.typeFirst')}
          </option>
          {options.map((p) => (
            <option key={p.id} value={p.id}>
              {p.lastName} {p.firstName} ({p.login})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="link-kind">{t('links.kind')}</label>
        <select
          id="link-kind"
          className="native-select"
          value={responsibility}
          onChange={(e) => setResponsibility(e.currentTarget.value as (typeof RESPONSIBILITIES)[number])}
        >
          {RESPONSIBILITIES.map((r) => (
            <option key={r} value={r}>
              {t(`responsibility.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="checkbox-list">
        <legend>{t('links.flags')}</legend>
        {FLAGS.map((f) => (
          <FlagBox key={f} flag={f} isSelected={flags[f]} onChange={(v) => setFlags({ ...flags, [f]: v })} />
        ))}
        {responsibility === 'contact' && (
          <FlagBox flag="schoolAccess" isSelected={schoolAccess} onChange={setSchoolAccess} />
        )}
      </fieldset>
      <Button type="submit" className="button button-primary" isDisabled={!otherId}>
        {t('links.add')}
      </Button>
      <p role="status" className="status-line">
        {done}
      </p>
    </Form>
  );
}
