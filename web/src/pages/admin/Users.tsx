// The accounts: who is who, who is disabled (said in words and a mark, not colour alone), and
// per user a disable/enable (asked once) and the editor for role, partners and password.
import { useDeferredValue, useState } from 'react';
import type { Partner, UpdateUser, User, UserRole } from '../../api/types';
import { useSession } from '../../auth/useSession';
import { DataTable } from '../../components/DataTable';
import { ErrorBox, Loading } from '../../components/ErrorBox';
import { Pager } from '../../components/Pager';
import { useSubmit } from '../../components/useSubmit';
import { useUpdateUserMutation, useUsers } from '../../features/users/api';
import { formatDate } from '../../lib/format';
import { NewUser } from './NewUser';
import { describePartners, ROLE_LABELS } from '../../lib/roles';
import { RoleOptions } from './RoleFields';
import { UserEditor } from './UserEditor';

function question(u: User, disable: boolean): string {
  return disable
    ? `Disable ${u.email}? They are signed out at once and cannot sign in until enabled again.`
    : `Enable ${u.email} again? They can sign in with their current password.`;
}

function State({ user }: { user: User }) {
  return user.disabledAt ? (
    <span className="status status-disabled">⊘ Disabled since {formatDate(user.disabledAt)}</span>
  ) : (
    <span className="status">Active</span>
  );
}

export function Users({ partners }: { partners: Partner[] }) {
  const session = useSession();
  const [role, setRole] = useState<UserRole | ''>('');
  const [email, setEmail] = useState('');
  // Typing fetches once the input settles, not on every keystroke's render.
  const search = useDeferredValue(email.trim());
  const list = useUsers({ role: role || undefined, email: search || undefined });
  const update = useUpdateUserMutation();
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const action = useSubmit();

  const setDisabled = async (u: User, disabled: boolean) => {
    if (!window.confirm(question(u, disabled))) return;
    setNotice(null);
    const body: UpdateUser = { disabled };
    const saved = await action.run(() => update.mutateAsync({ id: u.id, body }));
    if (saved) {
      setNotice(
        disabled
          ? `${saved.email} is disabled: signed out everywhere and unable to sign in.`
          : `${saved.email} is enabled again and can sign in.`,
      );
    }
  };

  const items = list.query.data?.items ?? [];
  const editingUser = items.find((u) => u.id === editing);
  const disabledCount = items.filter((u) => u.disabledAt).length;
  return (
    <section className="block" aria-labelledby="users-title">
      <div className="section-head">
        <h2 id="users-title">Users</h2>
        {disabledCount > 0 && (
          <span className="muted">
            {disabledCount} disabled {disabledCount === 1 ? 'account' : 'accounts'} on this page
          </span>
        )}
      </div>
      <form className="filters" aria-label="Filter users" onSubmit={(e) => e.preventDefault()}>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as UserRole | '')}>
            <option value="">Every role</option>
            <RoleOptions />
          </select>
        </label>
        <label>
          Email contains
          <input
            type="search"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="e.g. khan"
            autoComplete="off"
          />
        </label>
      </form>
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      <ErrorBox error={action.error} />
      {list.query.error ? (
        <ErrorBox error={list.query.error} onRetry={() => void list.query.refetch()} />
      ) : !list.query.data ? (
        <Loading what="users" />
      ) : (
        <DataTable
          caption="Users"
          captionHidden
          rows={items}
          rowKey={(u) => u.id}
          empty="No user has this role."
          columns={[
            {
              header: 'Email',
              cell: (u: User) => (
                <>
                  {u.email}
                  {u.id === session?.user.id && <span className="muted"> (you)</span>}
                </>
              ),
            },
            { header: 'Role', cell: (u) => ROLE_LABELS[u.role] },
            { header: 'Partners', cell: (u) => describePartners(u.role, u.partnerCodes) },
            { header: 'State', cell: (u) => <State user={u} /> },
            {
              header: 'Actions',
              cell: (u) => (
                <span className="row-actions">
                  <button type="button" className="button" onClick={() => setEditing(u.id)}>
                    Change<span className="visually-hidden"> {u.email}</span>
                  </button>
                  <button
                    type="button"
                    className="button"
                    disabled={action.busy}
                    onClick={() => void setDisabled(u, !u.disabledAt)}
                  >
                    {u.disabledAt ? 'Enable' : 'Disable'}
                    <span className="visually-hidden"> {u.email}</span>
                  </button>
                </span>
              ),
            },
          ]}
        />
      )}
      <Pager {...list} />
      {editingUser && (
        <UserEditor
          key={editingUser.id}
          user={editingUser}
          partners={partners}
          onClose={() => setEditing(null)}
        />
      )}
      <NewUser partners={partners} onSaved={setNotice} />
    </section>
  );
}
