import { DomainError } from '../../core/http/domain-error';
import { EnrollmentState, nextEnrollmentState } from './enrollment-state';

const TODAY = '2026-05-10';
const base: EnrollmentState = {
  status: 'active',
  progressPct: 40,
  enrolledOn: '2026-02-01',
  completedOn: null,
};

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('nextEnrollmentState', () => {
  it('defaults a new enrollment to enrolled, 0 %, enrolled today', () => {
    expect(nextEnrollmentState(null, {}, TODAY)).toEqual({
      status: 'enrolled',
      progressPct: 0,
      enrolledOn: TODAY,
      completedOn: null,
    });
  });

  it('sets 100 % and today as completion date when an enrollment completes', () => {
    expect(nextEnrollmentState(base, { status: 'completed' }, TODAY)).toEqual({
      status: 'completed',
      progressPct: 100,
      enrolledOn: '2026-02-01',
      completedOn: TODAY,
    });
  });

  it('keeps a completion date the caller gives', () => {
    const next = nextEnrollmentState(
      base,
      { status: 'completed', completedOn: '2026-04-30' },
      TODAY,
    );
    expect(next.completedOn).toBe('2026-04-30');
  });

  it('refuses a completed enrollment below 100 %', () => {
    const err = refusal(() =>
      nextEnrollmentState(base, { status: 'completed', progressPct: 80 }, TODAY),
    );
    expect(err.code).toBe('domain_rule');
    expect(err.errors?.[0].field).toBe('progressPct');
  });

  it('refuses dropping a completed enrollment, and allows a coordinator to reopen it', () => {
    const completed = nextEnrollmentState(base, { status: 'completed' }, TODAY);
    const err = refusal(() => nextEnrollmentState(completed, { status: 'dropped' }, TODAY));
    expect(err.errors?.[0].field).toBe('status');
    const reopened = nextEnrollmentState(completed, { status: 'active' }, TODAY);
    expect(reopened).toMatchObject({ status: 'active', completedOn: null });
  });

  it('lets any other status move anywhere, including a dropped trainee re-joining', () => {
    const dropped = nextEnrollmentState(base, { status: 'dropped' }, TODAY);
    expect(nextEnrollmentState(dropped, { status: 'active' }, TODAY).status).toBe('active');
  });

  it('refuses a completion date on an enrollment that is not completed', () => {
    const err = refusal(() => nextEnrollmentState(base, { completedOn: '2026-04-30' }, TODAY));
    expect(err.errors?.[0].field).toBe('completedOn');
  });

  it('refuses a completion before the enrollment', () => {
    const err = refusal(() =>
      nextEnrollmentState(base, { status: 'completed', completedOn: '2026-01-01' }, TODAY),
    );
    expect(err.errors?.[0]).toEqual({
      field: 'completedOn',
      message: 'completedOn cannot be before enrolledOn',
    });
  });
});
