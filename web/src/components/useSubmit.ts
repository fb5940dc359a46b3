import { useState } from 'react';
import { ApiError } from '../api/client';
import type { FieldProblem } from '../lib/checks';

/** Runs a form's request; keeps the API's problem so fields can show their own message. */
export function useSubmit() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (field: string) =>
    error instanceof ApiError ? error.fieldMessage(field) : undefined;
  /** Errors about fields the form does not show go to the banner. */
  const otherErrors = (shown: string[]) =>
    error instanceof ApiError &&
    error.errors.every((e) => shown.includes(e.field)) &&
    error.errors.length > 0
      ? null
      : error;
  return { error, busy, run, fieldError, otherErrors };
}

/** Stops a submit with the form's own findings, placed on their fields like the API's. */
export function refuseIfAny(problems: FieldProblem[]): void {
  if (problems.length > 0)
    throw new ApiError(422, 'Check the form', 'Some fields need correcting.', problems);
}
