// One account's changes: role and partners, and a password reset. Disabling sits in the user
// list itself, where who is disabled is seen at a glance.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { Partner, UpdateUser, User, UserRole } from '../../api/types';
import { Field } from '../../components/Field';
import { FormProblem } from '../../components/FormProblem';
import { refuseIfAny, useSubmit } from '../../components/useSubmit';
import { useUpdateUserMutation } from '../../features/users/api';
import { PasswordField } from './PasswordField';
import {
  describePartners,
  holdsPartners,
  ROLE_LABELS,
  scopeCodes,
  scopeProblems,
} from '../../lib/roles';
import { PartnerCodesField, RoleOptions } from './RoleFields';
import { FormCard } from '../../components/FormCard';

interface EditorProps {
  user: User;
  partners: Partner[];
}

function Done({ message }: { message: string | null }) {
  return message ? (
    <p className="alert alert-success" role="status">
      {message}
    </p>
  ) : null;
}

/** PATCH /users/{id}; the form's problem and success line come with it. */
function usePatchUser(user: User) {
  const submit = useSubmit();
  const update = useUpdateUserMutation();
  const [done, setDone] = useState<string | null>(null);
  const patch = async (
    body: UpdateUser,
    said: (saved: User) => string,
    problems: { field: string; message: string }[] = [],
  ) => {
    setDone(null);
    const saved = await submit.run(() => {
      refuseIfAny(problems);
      return update.mutateAsync({ id: user.id, body });
    });
    if (saved) {
      setDone(said(saved));
    }
    return saved;
  };
  return { submit, done, patch };
}

/** "all partners", "ZTE only" (a coordinator), "HUAWEI" (a partner user). */
function scopeWords(u: User): string {
  if (u.role === 'partner') return describePartners(u.role, u.partnerCodes);
  return u.partnerCodes.length
    ? `${describePartners(u.role, u.partnerCodes)} only`
    : 'all partners';
}

function RoleForm({ user, partners }: EditorProps) {
  const [role, setRole] = useState<UserRole>(user.role);
  const [codes, setCodes] = useState<string[]>(user.partnerCodes);
  const [all, setAll] = useState(user.partnerCodes.length === 0);
  const { submit, done, patch } = usePatchUser(user);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body: UpdateUser = holdsPartners(role)
      ? { role, partnerCodes: scopeCodes(role, all, codes) }
      : { role };
    void patch(
      body,
      (saved) =>
        `${saved.email} is now ${ROLE_LABELS[saved.role]}` +
        (holdsPartners(saved.role) ? ` of ${scopeWords(saved)}.` : '.'),
      scopeProblems(role, all, codes),
    );
  };
  return (
    <FormCard
      title="Role and partners"
      heading="h4"
      className="form"
      onSubmit={onSubmit}
      disabled={submit.busy}
      submitLabel="Save role and partners"
    >
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
        all={all}
        onAll={setAll}
        error={submit.fieldError('partnerCodes')}
        name={`partners-${user.id}`}
      />
    </FormCard>
  );
}

function PasswordForm({ user }: Omit<EditorProps, 'partners'>) {
  const [password, setPassword] = useState('');
  const { submit, done, patch } = usePatchUser(user);
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
    <FormCard
      title="Reset the password"
      heading="h4"
      className="form"
      onSubmit={onSubmit}
      disabled={submit.busy}
      submitLabel="Set new password"
    >
      <Done message={done} />
      <FormProblem error={submit.error} fields={['password']} />
      <PasswordField
        label="New password"
        help="At least 12 characters. The user is signed out everywhere."
        value={password}
        onChange={setPassword}
        error={submit.fieldError('password')}
      />
    </FormCard>
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
        <RoleForm user={props.user} partners={props.partners} />
        <PasswordForm user={props.user} />
      </div>
    </section>
  );
}
