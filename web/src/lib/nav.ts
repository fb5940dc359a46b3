// Who sees what: the navigation shows only what the role may do (CONSOLE.md, "Who lands where").
export type Role = 'admin' | 'coordinator' | 'ministry' | 'partner';

export interface NavItem {
  to: string;
  label: string;
}

const ITEMS = {
  dashboard: { to: '/', label: 'Dashboard' },
  programs: { to: '/programs', label: 'Programs' },
  trainees: { to: '/trainees', label: 'Trainees' },
  imports: { to: '/imports', label: 'Imports' },
  admin: { to: '/admin', label: 'Administration' },
} satisfies Record<string, NavItem>;

export type Area = keyof typeof ITEMS;

const BY_ROLE: Record<Role, Area[]> = {
  ministry: ['dashboard', 'imports'],
  admin: ['dashboard', 'programs', 'trainees', 'imports', 'admin'],
  coordinator: ['dashboard', 'programs', 'trainees', 'imports'],
  partner: ['imports', 'dashboard', 'trainees'],
};

export function navFor(role: Role): NavItem[] {
  return BY_ROLE[role].map((area) => ITEMS[area]);
}

export function mayOpen(role: Role, area: Area): boolean {
  return BY_ROLE[role].includes(area);
}

/** Where a role lands after signing in. */
export function landingFor(role: Role): string {
  return role === 'partner' ? '/imports' : '/';
}

/** Roles that may upload a roster (the ministry reads imports only). */
export function mayUpload(role: Role): boolean {
  return role !== 'ministry';
}

/** Roles that change trainees, enrollments and certifications (partner users read only). */
export function mayEditRecords(role: Role): boolean {
  return role === 'admin' || role === 'coordinator';
}
