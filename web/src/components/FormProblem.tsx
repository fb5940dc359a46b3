import { ApiError } from '../api/client';
import { ErrorBox } from './ErrorBox';

/** Above a form: a short line when every problem sits on a visible field, else the whole problem. */
export function FormProblem({ error, fields }: { error: unknown; fields: string[] }) {
  if (!error) return null;
  if (
    error instanceof ApiError &&
    error.errors.length > 0 &&
    error.errors.every((e) => fields.includes(e.field))
  ) {
    return (
      <p className="alert alert-error" role="alert">
        {error.errors.length === 1 ? 'One field needs' : `${error.errors.length} fields need`}{' '}
        correcting: see the message under {error.errors.length === 1 ? 'it' : 'each'}.
      </p>
    );
  }
  return <ErrorBox error={error} />;
}
