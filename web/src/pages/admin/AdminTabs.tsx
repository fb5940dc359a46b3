import { NavLink } from 'react-router';

/** Administration's two parts: the accounts and connections, and the audit log. */
export function AdminTabs() {
  return (
    <nav className="tabs" aria-label="Administration">
      <NavLink to="/admin" end>
        Partners and users
      </NavLink>
      <NavLink to="/admin/audit">Audit log</NavLink>
    </nav>
  );
}
