import { type FormEvent, useState } from 'react';
import type { CreateUser, Partner, UserRole } from '../../api/types';
import { Field } from '../../components/Field';
import { FormProblem } from '../../components/FormProblem';
import { refuseIfAny, useSubmit } from '../../components/useSubmit';
import { useCreateUserMutation } from '../../features/users/api';
import { ROLE_LABELS, scopeCodes, scopeProblems } from '../../lib/roles';
import { PasswordField } from './PasswordField';
import { PartnerCodesField, RoleOptions } from './RoleFields';
import { FormCard } from '../../components/FormCard';

/** `onSaved` says what was done; the list shows it in its one notice line (a later change
 * to the same user, like disabling it, replaces it rather than leaving "can now sign in"). */
export function NewUser({
  partners,
  onSaved,
}: {
  partners: Partner[];
  onSaved: (message: string) => void;
}) {
  const submit = useSubmit();
  const create = useCreateUserMutation();
  const [all, setAll] = useState(true);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<UserRole>('coordinator');
  const [codes, setCodes] = useState<string[]>([]);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const body: CreateUser = {
      email,
      password,
      role,
      partnerCodes: scopeCodes(role, all, codes),
    };
    const saved = await submit.run(() => {
      refuseIfAny(scopeProblems(role, all, codes));
      return create.mutateAsync(body);
    });
    if (saved) {
      onSaved(`${saved.email} can now sign in as ${ROLE_LABELS[saved.role]}.`);
      setEmail('');
      setPassword('');
      setCodes([]);
      setAll(true);
    }
  };
  return (
    <FormCard title="New user" onSubmit={onSubmit} disabled={submit.busy} submitLabel="Create user">
      <FormProblem error={submit.error} fields={['email', 'password', 'role', 'partnerCodes']} />
      <div className="form-grid">
        <Field label="Email" error={submit.fieldError('email')}>
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="off"
          />
        </Field>
        <PasswordField
          label="Password"
          help="At least 12 characters."
          value={password}
          onChange={setPassword}
          error={submit.fieldError('password')}
        />
        <Field label="Role" error={submit.fieldError('role')}>
          <select
            value={role}
            onChange={(e) => {
              setRole(e.target.value as UserRole);
              setCodes([]);
            }}
          >
            <RoleOptions />
          </select>
        </Field>
      </div>
      <PartnerCodesField
        role={role}
        partners={partners}
        codes={codes}
        onChange={setCodes}
        all={all}
        onAll={setAll}
        error={submit.fieldError('partnerCodes')}
        name="new-user-partners"
      />
    </FormCard>
  );
}
