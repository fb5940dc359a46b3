// What the user forms share: the roles in words, and the partners a role holds (a coordinator
// any set, none meaning every partner; a partner user exactly one; the other roles none).
import { useId } from 'react';
import type { Partner, UserRole } from '../../api/types';

export const ROLE_LABELS: Record<UserRole, string> = {
  coordinator: 'Coordinator',
  ministry: 'Ministry',
  partner: 'Partner user',
  admin: 'Administrator',
};

export function RoleOptions() {
  return (
    <>
      {(Object.keys(ROLE_LABELS) as UserRole[]).map((r) => (
        <option key={r} value={r}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </>
  );
}

export function holdsPartners(role: UserRole): boolean {
  return role === 'coordinator' || role === 'partner';
}

/** The partner codes after a click on `code`: a partner user's choice replaces its one partner. */
export function toggleCode(role: UserRole, codes: string[], code: string): string[] {
  if (role === 'partner') return [code];
  return codes.includes(code) ? codes.filter((c) => c !== code) : [...codes, code];
}

/** "HUAWEI, ZTE", or what no partner means for the role. */
export function describePartners(role: UserRole, codes: string[]): string {
  if (codes.length > 0) return codes.join(', ');
  return role === 'coordinator' ? 'all' : '–';
}

export function PartnerCodesField(props: {
  role: UserRole;
  partners: Partner[];
  codes: string[];
  onChange: (codes: string[]) => void;
  error?: string;
  /** Radio buttons of two forms on one page must not share a group. */
  name: string;
}) {
  const { role, partners, codes } = props;
  const errorId = useId();
  if (!holdsPartners(role)) return null;
  return (
    <fieldset
      className={`checks${props.error ? ' field-invalid' : ''}`}
      aria-describedby={props.error ? errorId : undefined}
    >
      <legend>
        {role === 'partner' ? 'Partner (exactly one)' : 'Partners (none chosen: every partner)'}
      </legend>
      {partners.map((p) => (
        <label key={p.code}>
          <input
            type={role === 'partner' ? 'radio' : 'checkbox'}
            name={props.name}
            checked={codes.includes(p.code)}
            onChange={() => props.onChange(toggleCode(role, codes, p.code))}
          />{' '}
          <span dir="auto">{p.name}</span> ({p.code})
        </label>
      ))}
      {props.error && (
        <p className="field-error" id={errorId}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
