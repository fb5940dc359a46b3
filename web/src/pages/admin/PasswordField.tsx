import { Field } from '../../components/Field';

/** A password an admin sets for someone else (new user, reset): the rule shown before. */
export function PasswordField(props: {
  label: string;
  help: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <Field label={props.label} help={props.help} error={props.error}>
      <input
        type="password"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        autoComplete="new-password"
      />
    </Field>
  );
}
