import type { Key } from 'react-aria-components';
import {
  Button,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
  TextArea,
  TextField,
} from 'react-aria-components';

/** A labelled text field for the admin forms. */
export function Field(props: {
  label: string;
  name: string;
  defaultValue?: string;
  type?: string;
  isRequired?: boolean;
  multiline?: boolean;
  autoComplete?: string;
}) {
  return (
    <TextField
      className="field"
      name={props.name}
      defaultValue={props.defaultValue}
      type={props.multiline ? undefined : (props.type ?? 'text')}
      isRequired={props.isRequired ?? true}
      autoComplete={props.autoComplete}
    >
      <Label>{props.label}</Label>
      {props.multiline ? <TextArea rows={3} /> : <Input />}
    </TextField>
  );
}

/** A labelled single choice (react-aria Select), submitted with the form under `name`. */
export function Choice(props: {
  label: string;
  name: string;
  options: Array<{ id: string; label: string }>;
  defaultValue?: string;
  onChange?: (key: Key | null) => void;
}) {
  return (
    <Select
      className="field"
      name={props.name}
      defaultSelectedKey={props.defaultValue ?? props.options[0]?.id}
      onSelectionChange={props.onChange}
    >
      <Label>{props.label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover">
        <ListBox className="listbox">
          {props.options.map((o) => (
            <ListBoxItem key={o.id} id={o.id} className="listbox-item">
              {o.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
