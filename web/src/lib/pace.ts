// Pace in words and a shape, never by colour alone (a colour-blind reader and a black-and-white
// print read the same thing).
export type Pace = 'ahead' | 'on_track' | 'behind' | 'not_started';

export interface PaceLabel {
  text: string;
  shape: string;
  /** A class for the badge's colour: decoration on top of the words. */
  tone: 'good' | 'neutral' | 'bad' | 'muted';
}

const LABELS: Record<Pace, PaceLabel> = {
  ahead: { text: 'ahead', shape: '▲', tone: 'good' },
  on_track: { text: 'on track', shape: '●', tone: 'neutral' },
  behind: { text: 'behind', shape: '▼', tone: 'bad' },
  not_started: { text: 'not started', shape: '○', tone: 'muted' },
};

export function paceLabel(pace: string | null | undefined): PaceLabel | null {
  return pace && pace in LABELS ? LABELS[pace as Pace] : null;
}

/** Where the "expected by today" mark sits on a bar drawn against the target, 0–100. */
export function expectedMarkPct(expected: number | null, target: number | null): number | null {
  if (expected === null || target === null || target <= 0) return null;
  return Math.min(100, Math.max(0, (expected / target) * 100));
}

/** The bar's fill against the target, 0–100 (a program past its target fills the bar). */
export function fillPct(value: number, target: number | null): number {
  if (target === null || target <= 0) return 0;
  return Math.min(100, Math.max(0, (value / target) * 100));
}
