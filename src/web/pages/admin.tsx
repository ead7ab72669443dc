import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { PageTitle } from '../components/page-title.tsx';
import { NewPersonPanel } from '../features/admin/people.tsx';
import { RosterExportPanel } from '../features/admin/roster-export.tsx';
import { ClassesPanel, GroupsPanel, PeriodsPanel, SitesPanel } from '../features/admin/structure.tsx';
import { MailBouncesPanel } from '../features/mail/bounces.tsx';

export default function AdminPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  if (!school) return null;
  const panels = [
    { id: 'classes', label: t('admin.tabs.classes'), node: <ClassesPanel schoolId={school.id} /> },
    { id: 'people', label: t('admin.tabs.people'), node: <NewPersonPanel schoolId={school.id} /> },
    { id: 'sites', label: t('admin.tabs.sites'), node: <SitesPanel schoolId={school.id} /> },
    { id: 'groups', label: t('admin.tabs.groups'), node: <GroupsPanel schoolId={school.id} /> },
    { id: 'periods', label: t('admin.tabs.periods'), node: <PeriodsPanel schoolId={school.id} /> },
    { id: 'mail', label: t('mail.bounces.title'), node: <MailBouncesPanel schoolId={school.id} /> },
    { id: 'roster', label: t('admin.tabs.roster'), node: <RosterExportPanel schoolId={school.id} /> },
  ];
  return (
    <div className="page">
      <PageTitle>{t('admin.title')}</PageTitle>
      <p>
        {t('admin.intro')} <Link href="~/annuaire">{t('admin.toDirectory')}</Link>
      </p>
      <Tabs className="tabs">
        <TabList aria-label={t('admin.title')} className="tab-list">
          {panels.map((p) => (
            <Tab key={p.id} id={p.id} className="tab">
              {p.label}
            </Tab>
          ))}
        </TabList>
        {panels.map((p) => (
          <TabPanel key={p.id} id={p.id} className="tab-panel">
            <h2>{p.label}</h2>
            {p.node}
          </TabPanel>
        ))}
      </Tabs>
    </div>
  );
}
