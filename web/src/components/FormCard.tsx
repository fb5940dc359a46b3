import { type FormEvent, type ReactNode, useId } from 'react';

/**
 * A form with its title and one primary button, validated by the API (and the form's own
 * checks) rather than the browser's bubbles, so every message sits under its field.
 */
export function FormCard(props: {
  title: string;
  heading?: 'h2' | 'h3' | 'h4';
  className?: string;
  onSubmit: (e: FormEvent) => unknown;
  submitLabel: ReactNode;
  disabled?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  const Heading = props.heading ?? 'h3';
  return (
    <form
      className={props.className ?? 'card form'}
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSubmit(e);
      }}
      noValidate
      aria-labelledby={id}
    >
      <Heading id={id}>{props.title}</Heading>
      {props.children}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={props.disabled}>
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
