import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { currentSchool, useSwitchSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';

/** For people in several schools: which one the pages show. */
export default function SchoolSwitcher({ me }: { me: Me }) {
  const { t } = useTranslation();
  const switchSchool = useSwitchSchool();
  const [, navigate] = useLocation();
  return (
    <Select
      className="school-switcher"
      selectedKey={currentSchool(me)?.id ?? null}
      onSelectionChange={(key) => {
        if (typeof key === 'string' && key !== me.currentSchoolId) {
          switchSchool.mutate(key, { onSuccess: () => navigate('/') });
        }
      }}
    >
      <Label>{t('layout.school')}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover">
        <ListBox className="listbox">
          {me.schools.map((s) => (
            <ListBoxItem key={s.id} id={s.id} className="listbox-item" textValue={s.name}>
              {s.name}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
