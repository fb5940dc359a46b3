import { expectedMarkPct, fillPct, paceLabel } from '../lib/pace';
import { formatCount } from '../lib/format';

/** Pace in words and a shape ("behind ▼"), coloured only on top of that. */
export function PaceBadge({ pace }: { pace: string | null | undefined }) {
  const label = paceLabel(pace);
  if (!label) return <span className="muted">–</span>;
  return (
    <span className={`pace pace-${label.tone}`}>
      <span aria-hidden="true">{label.shape}</span> {label.text}
    </span>
  );
}

/** A bar against the target with the "expected by today" mark; the numbers sit beside it. */
export function TargetMeter(props: {
  value: number;
  target: number | null;
  expected: number | null;
  label: string;
}) {
  const fill = fillPct(props.value, props.target);
  const mark = expectedMarkPct(props.expected, props.target);
  const text =
    props.target === null
      ? `${props.label}: ${formatCount(props.value)}, no target`
      : `${props.label}: ${formatCount(props.value)} of ${formatCount(props.target)}` +
        (props.expected !== null ? `, expected by today ${formatCount(props.expected)}` : '');
  return (
    <div className="meter" role="img" aria-label={text} title={text}>
      <div className="meter-fill" style={{ width: `${fill}%` }} />
      {mark !== null && <div className="meter-mark" style={{ left: `${mark}%` }} />}
    </div>
  );
}
