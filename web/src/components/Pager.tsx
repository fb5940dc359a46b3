export function Pager(props: {
  page: number;
  hasNext: boolean;
  hasPrevious: boolean;
  next: () => void;
  previous: () => void;
}) {
  if (!props.hasNext && !props.hasPrevious) return null;
  return (
    <nav className="actions" aria-label="Pages">
      <button
        type="button"
        className="button"
        disabled={!props.hasPrevious}
        onClick={props.previous}
      >
        Previous page
      </button>
      <span className="muted">Page {props.page}</span>
      <button type="button" className="button" disabled={!props.hasNext} onClick={props.next}>
        Next page
      </button>
    </nav>
  );
}
