// Keyset paging as a stack of cursors: "Next" pushes the page's nextCursor, "Previous" pops.
export interface KeysetState {
  cursors: string[];
}

export const firstPage: KeysetState = { cursors: [] };

export function currentCursor(state: KeysetState): string | undefined {
  return state.cursors[state.cursors.length - 1];
}

export function nextPage(state: KeysetState, nextCursor: string | null): KeysetState {
  return nextCursor ? { cursors: [...state.cursors, nextCursor] } : state;
}

export function previousPage(state: KeysetState): KeysetState {
  return { cursors: state.cursors.slice(0, -1) };
}

export function pageNumber(state: KeysetState): number {
  return state.cursors.length + 1;
}
