// The one rule for when a partner reads its supplied identity instead of the national record
// (API.md, "A trainee shared by two partners"): an identity_conflicts row that is open, or that
// staff closed by keeping the record. Pure SQL text, used by the list, the reads and the export.

/** The condition on an identity_conflicts row aliased `alias` ('' for no alias). */
export function shownSuppliedSql(alias: string): string {
  const c = alias === '' ? '' : `${alias}.`;
  return `(${c}status = 'open' OR ${c}resolution = 'record')`;
}
