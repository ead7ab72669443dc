import { useState } from 'react';
import {
  Button,
  Form,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  SearchField,
  Select,
  SelectValue,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool, hasAbility, usePeople } from '../../api/queries.ts';
import type { Me, ProfileKind } from '../../api/types.ts';
import { ErrorAlert } from '../errors.tsx';

const PROFILES: ProfileKind[] = ['pupil', 'guardian', 'teacher', 'staff'];

/** Search the people of the current school by names (any order, accents aside) or login, optionally by profile. */
export function DirectorySearch({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const [text, setText] = useState('');
  const [profile, setProfile] = useState<ProfileKind | 'all'>('all');
  const [query, setQuery] = useState<{ q: string; profile: ProfileKind | undefined } | null>(null);
  const people = usePeople(schoolId, { q: query?.q, profile: query?.profile, limit: 50 }, query !== null);
  // Homonyms are told apart by class and function; the login matters to those who manage accounts.
  const admin = hasAbility(me, 'directory.admin') || hasAbility(me, 'access.reset');

  return (
    <div className="directory-search">
      <Form
        className="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ q: text.trim(), profile: profile === 'all' ? undefined : profile });
        }}
      >
        <SearchField value={text} onChange={setText} className="field">
          <Label>{t('directory.searchLabel')}</Label>
          <Input />
        </SearchField>
        <Select
          className="field"
          selectedKey={profile}
          onSelectionChange={(k) => setProfile((k as ProfileKind | 'all' | null) ?? 'all')}
        >
          <Label>{t('directory.profile')}</Label>
          <Button className="select-button">
            <SelectValue />
            <span aria-hidden="true">▾</span>
          </Button>
          <Popover className="popover">
            <ListBox className="listbox">
              <ListBoxItem id="all" className="listbox-item">
                {t('directory.allProfiles')}
              </ListBoxItem>
              {PROFILES.map((p) => (
                <ListBoxItem key={p} id={p} className="listbox-item">
                  {t(`profiles.${p}`)}
                </ListBoxItem>
              ))}
            </ListBox>
          </Popover>
        </Select>
        <Button type="submit" className="button button-primary">
          {t('directory.search')}
        </Button>
      </Form>
      <ErrorAlert error={people.error} />
      {query !== null && people.data && (
        <section aria-labelledby="results-title">
          <h3 id="results-title" role="status">
            {t('directory.results', { count: people.data.items.length })}
          </h3>
          {people.data.items.length > 0 && (
            <ul className="result-list">
              {people.data.items.map((p) => (
                <li key={p.id}>
                  <Link href={`/annuaire/${p.id}`}>
                    {p.lastName.toLocaleUpperCase()} {p.firstName}
                  </Link>{' '}
                  <span className="muted">
                    {[
                      t(`profiles.${p.profile}`),
                      p.class?.label,
                      ...p.functions.map((f) => t(`functions.${f}`)),
                      admin ? p.login : undefined,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                  {p.disabled && <span className="tag tag-warning">{t('directory.disabled')}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
