// The status rules of one enrollment written through the API, as a pure function: which
// transitions a coordinator may make (core/rules isAllowedTransition), "completed implies 100
// and a completion date", and the dates' order. No Nest, no DB; "today" comes from the caller (the
// core/clock day).
import { DomainError } from '../../core/http/domain-error';
import { isAllowedTransition, type EnrollmentStatus } from '../../core/rules';

export interface EnrollmentState {
  status: EnrollmentStatus;
  progressPct: number;
  enrolledOn: string;
  completedOn: string | null;
}

export interface EnrollmentChange {
  status?: EnrollmentStatus;
  progressPct?: number;
  enrolledOn?: string;
  /** null: "no completion date" (only meaningful while not completed). */
  completedOn?: string | null;
}

function broken(field: string, message: string): DomainError {
  return new DomainError('domain_rule', message, [{ field, message }]);
}

/**
 * The state after applying `change` to `current` (null for a new enrollment), or a 422
 * DomainError naming the field that breaks a rule.
 */
export function nextEnrollmentState(
  current: EnrollmentState | null,
  change: EnrollmentChange,
  today: string,
): EnrollmentState {
  const status = change.status ?? current?.status ?? 'enrolled';
  if (current && !isAllowedTransition(current.status, status, 'coordinator')) {
    throw broken(
      'status',
      `an enrollment cannot move from ${current.status} to ${status}` +
        (current.status === 'completed' && status === 'dropped'
          ? ': a completed enrollment is never dropped'
          : ''),
    );
  }

  let progressPct = change.progressPct ?? current?.progressPct ?? 0;
  if (status === 'completed') {
    if (change.progressPct !== undefined && change.progressPct < 100) {
      throw broken(
        'progressPct',
        'a completed enrollment has progressPct 100: send 100 or omit it',
      );
    }
    progressPct = 100;
  }

  const enrolledOn = change.enrolledOn ?? current?.enrolledOn ?? today;
  let completedOn: string | null;
  if (status === 'completed') {
    completedOn = change.completedOn ?? current?.completedOn ?? today;
  } else {
    if (change.completedOn) {
      throw broken(
        'completedOn',
        'completedOn is only allowed when status is completed: omit it or set status to completed',
      );
    }
    // Reopened or dropped: the old completion date no longer describes the enrollment.
    completedOn = null;
  }
  if (completedOn !== null && completedOn < enrolledOn) {
    throw broken('completedOn', 'completedOn cannot be before enrolledOn');
  }
  return { status, progressPct, enrolledOn, completedOn };
}
