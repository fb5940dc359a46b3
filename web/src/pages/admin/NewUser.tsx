import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type { CreateUser, Partner, User, UserRole } from '../../api/types';
import { Field } from '../../components/Field';
import { FormProblem } from '../../components/FormProblem';
import { useSubmit } from '../../components/useSubmit';
import { PasswordField } from './PasswordField';
import { PartnerCodesField, RoleOptions } from './RoleFields';

export function NewUser({ partners, onSaved }: { partners: Partner[]; onSaved: () => void }) {
  const submit = useSubmit();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<UserRole>('coordinator');
  const [codes, setCodes] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const body: CreateUser = { email, password, role, partnerCodes: codes };
    const saved = await submit.run(() => api<User>('/users', { method: 'POST', body }));
    if (saved) {
      setDone(`${saved.email} can now sign in as ${saved.role}.`);
      setEmail('');
      setPassword('');
      setCodes([]);
      onSaved();
    }
  };
  return (
    <form
      className="card form"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-labelledby="new-user-title"
    >
      <h3 id="new-user-title">New user</h3>
      {done && (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      )}
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
        error={submit.fieldError('partnerCodes')}
        name="new-user-partners"
      />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Create user
        </button>
      </div>
    </form>
  );
}
