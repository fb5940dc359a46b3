// The role picker and the partners a role holds, for the new-user form and the account editor.
import { useId } from 'react';
import type { Partner, UserRole } from '../../api/types';
import { holdsPartners, ROLE_LABELS, toggleCode } from '../../lib/roles';

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

export function PartnerCodesField(props: {
  role: UserRole;
  partners: Partner[];
  codes: string[];
  onChange: (codes: string[]) => void;
  /** A coordinator's explicit choice: every partner, or only the ticked ones. */
  all: boolean;
  onAll: (all: boolean) => void;
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
      <legend>{role === 'partner' ? 'Partner (exactly one)' : 'Partners covered'}</legend>
      {role === 'coordinator' && (
        <div className="scope-choice">
          <label>
            <input
              type="radio"
              name={`${props.name}-scope`}
              checked={props.all}
              onChange={() => props.onAll(true)}
            />{' '}
            All partners
          </label>
          <label>
            <input
              type="radio"
              name={`${props.name}-scope`}
              checked={!props.all}
              onChange={() => props.onAll(false)}
            />{' '}
            Only these:
          </label>
        </div>
      )}
      {(role === 'partner' || !props.all) &&
        partners.map((p) => (
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
