// One account's changes: role and partners, and a password reset. Disabling sits in the user
// list itself, where who is disabled is seen at a glance.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { Partner, UpdateUser, User, UserRole } from '../../api/types';
import { Field } from '../../components/Field';
import { FormProblem } from '../../components/FormProblem';
import { useSubmit } from '../../components/useSubmit';
import { PasswordField } from './PasswordField';
import { describePartners, holdsPartners, ROLE_LABELS } from '../../lib/roles';
import { PartnerCodesField, RoleOptions } from './RoleFields';

interface EditorProps {
  user: User;
  partners: Partner[];
  /** After a change: the list reads the account again. */
  onSaved: () => void;
}

function Done({ message }: { message: string | null }) {
  return message ? (
    <p className="alert alert-success" role="status">
      {message}
    </p>
  ) : null;
}

/** PATCH /users/{id}; the form's problem and success line come with it. */
function usePatchUser(user: User, onSaved: () => void) {
  const submit = useSubmit();
  const [done, setDone] = useState<string | null>(null);
  const patch = async (body: UpdateUser, said: (saved: User) => string) => {
    setDone(null);
    const saved = await submit.run(() => api<User>(`/users/${user.id}`, { method: 'PATCH', body }));
    if (saved) {
      setDone(said(saved));
      onSaved();
    }
    return saved;
  };
  return { submit, done, patch };
}

function RoleForm({ user, partners, onSaved }: EditorProps) {
  const [role, setRole] = useState<UserRole>(user.role);
  const [codes, setCodes] = useState<string[]>(user.partnerCodes);
  const { submit, done, patch } = usePatchUser(user, onSaved);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body: UpdateUser = holdsPartners(role) ? { role, partnerCodes: codes } : { role };
    void patch(
      body,
      (saved) =>
        `${saved.email} is now ${ROLE_LABELS[saved.role]}` +
        (holdsPartners(saved.role)
          ? ` of ${describePartners(saved.role, saved.partnerCodes)} partners.`
          : '.'),
    );
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="role-form-title">
      <h4 id="role-form-title">Role and partners</h4>
      <Done message={done} />
      <FormProblem error={submit.error} fields={['role', 'partnerCodes']} />
      <Field
        label="Role"
        help="A change applies from the user's next request."
        error={submit.fieldError('role')}
      >
        <select
          value={role}
          onChange={(e) => {
            const next = e.target.value as UserRole;
            setRole(next);
            // A partner user holds one partner: keep the first when narrowing to it.
            setCodes(next === 'partner' ? codes.slice(0, 1) : codes);
          }}
        >
          <RoleOptions />
        </select>
      </Field>
      <PartnerCodesField
        role={role}
        partners={partners}
        codes={codes}
        onChange={setCodes}
        error={submit.fieldError('partnerCodes')}
        name={`partners-${user.id}`}
      />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Save role and partners
        </button>
      </div>
    </form>
  );
}

function PasswordForm({ user, onSaved }: Omit<EditorProps, 'partners'>) {
  const [password, setPassword] = useState('');
  const { submit, done, patch } = usePatchUser(user, onSaved);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const saved = await patch(
      { password },
      (u) =>
        `A new password is set for ${u.email}; every session it had has ended. Give it the new password by a safe channel.`,
    );
    if (saved) setPassword('');
  };
  return (
    <form
      className="form"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-labelledby="password-form-title"
    >
      <h4 id="password-form-title">Reset the password</h4>
      <Done message={done} />
      <FormProblem error={submit.error} fields={['password']} />
      <PasswordField
        label="New password"
        help="At least 12 characters. The user is signed out everywhere."
        value={password}
        onChange={setPassword}
        error={submit.fieldError('password')}
      />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Set new password
        </button>
      </div>
    </form>
  );
}

export function UserEditor(props: EditorProps & { onClose: () => void }) {
  const title = useRef<HTMLHeadingElement>(null);
  // Opened from a row far above: bring it into view and put the reader at its title.
  useEffect(() => {
    title.current?.focus();
  }, []);
  return (
    <section className="card" aria-labelledby="edit-user-title">
      <div className="section-head">
        <h3 id="edit-user-title" ref={title} tabIndex={-1}>
          Account of {props.user.email}
        </h3>
        <button type="button" className="button button-quiet" onClick={props.onClose}>
          Close
        </button>
      </div>
      <div className="split">
        <RoleForm user={props.user} partners={props.partners} onSaved={props.onSaved} />
        <PasswordForm user={props.user} onSaved={props.onSaved} />
      </div>
    </section>
  );
}
