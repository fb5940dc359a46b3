import { PROVINCES } from '../lib/provinces';

/** A picker's options by code (partners, programs, cohorts), after an empty first choice. */
export function CodeOptions<T extends { code: string }>(props: {
  items?: readonly T[];
  /** What the empty choice means: "All programs", "Choose a partner". */
  none: string;
  label?: (item: T) => string;
}) {
  return (
    <>
      <option value="">{props.none}</option>
      {props.items?.map((item) => (
        <option key={item.code} value={item.code}>
          {props.label ? props.label(item) : item.code}
        </option>
      ))}
    </>
  );
}

/** Partners read as "Name (CODE)". */
export const partnerLabel = (p: { code: string; name: string }) => `${p.name} (${p.code})`;

/** Provinces by code, read by name, after an empty first choice ("Not given"). */
export function ProvinceOptions({ none }: { none: string }) {
  return <CodeOptions items={PROVINCES} none={none} label={(p) => p.name} />;
}
