import type { InputHTMLAttributes } from 'react';
import { dateText, parseDate } from '../lib/dates';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  value: string;
  onValue: (text: string) => void;
};

/**
 * A date typed as `10 Jan 2027` (or ISO), never a browser picker that shows `mm/dd/yyyy` to
 * some users; on leaving the field a date that parses is rewritten in the one form shown.
 */
export function DateInput({ value, onValue, ...rest }: Props) {
  return (
    <input
      {...rest}
      type="text"
      autoComplete="off"
      placeholder="e.g. 10 Jan 2027"
      value={value}
      onChange={(e) => onValue(e.target.value)}
      onBlur={() => {
        const parsed = parseDate(value);
        if (parsed.ok && parsed.iso) onValue(dateText(parsed.iso));
      }}
    />
  );
}
