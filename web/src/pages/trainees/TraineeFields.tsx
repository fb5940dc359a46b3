// The trainee's fields, alike in the new-trainee form and the edit form on the trainee page:
// the draft kept as the inputs' text, the request body made from it, and the inputs with
// their rules and the API's messages.
import type { ChangeEvent } from 'react';
import type { Trainee } from '../../api/types';
import { ProvinceOptions } from '../../components/CodeOptions';
import { DateInput } from '../../components/DateInput';
import { Field } from '../../components/Field';
import { DATE_HELP, dateBody, dateText } from '../../lib/dates';

export interface TraineeDraft {
  fullName: string;
  gender: string;
  dateOfBirth: string;
  province: string;
  district: string;
  email: string;
  phone: string;
  category: string;
}

/** The body's field names, for the problem banner (which fields the form shows). */
export const TRAINEE_FIELDS = [
  'fullName',
  'gender',
  'dateOfBirth',
  'province',
  'district',
  'email',
  'phone',
  'category',
];

export function traineeDraft(t?: Trainee): TraineeDraft {
  return {
    fullName: t?.fullName ?? '',
    gender: t?.gender ?? '',
    dateOfBirth: dateText(t?.dateOfBirth),
    province: t?.province ?? '',
    district: t?.district ?? '',
    email: t?.email ?? '',
    phone: t?.phone ?? '',
    category: t?.category ?? 'youth',
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The draft as the API takes it: an empty optional field is `null`. */
export function traineeBody(draft: TraineeDraft) {
  return {
    fullName: draft.fullName,
    gender: draft.gender,
    dateOfBirth: dateBody(draft.dateOfBirth),
    province: orNull(draft.province),
    district: orNull(draft.district),
    email: orNull(draft.email),
    phone: orNull(draft.phone),
    category: draft.category,
  };
}

/** The inputs, to sit in a `form-grid` (after a CNIC field on the new-trainee form). */
export function TraineeFields(props: {
  draft: TraineeDraft;
  onChange: (draft: TraineeDraft) => void;
  fieldError: (field: string) => string | undefined;
}) {
  const { draft, fieldError } = props;
  const set = (key: keyof TraineeDraft) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    props.onChange({ ...draft, [key]: e.target.value });
  return (
    <>
      <Field label="Full name" help="As on the CNIC; any script." error={fieldError('fullName')}>
        <input value={draft.fullName} onChange={set('fullName')} dir="auto" autoComplete="off" />
      </Field>
      <Field label="Gender" error={fieldError('gender')}>
        <select value={draft.gender} onChange={set('gender')}>
          {draft.gender === '' && <option value="">Choose</option>}
          <option value="female">Female</option>
          <option value="male">Male</option>
          <option value="transgender">Transgender</option>
        </select>
      </Field>
      <Field label="Date of birth" help={DATE_HELP} error={fieldError('dateOfBirth')}>
        <DateInput
          value={draft.dateOfBirth}
          onValue={(dateOfBirth) => props.onChange({ ...draft, dateOfBirth })}
        />
      </Field>
      <Field label="Province" error={fieldError('province')}>
        <select value={draft.province} onChange={set('province')}>
          <ProvinceOptions none="Not given" />
        </select>
      </Field>
      <Field label="District" error={fieldError('district')}>
        <input value={draft.district} onChange={set('district')} dir="auto" />
      </Field>
      <Field label="Email" error={fieldError('email')}>
        <input type="email" value={draft.email} onChange={set('email')} autoComplete="off" />
      </Field>
      <Field
        label="Phone"
        help="03001234567, +923001234567 or 0092…; saved as +92…"
        error={fieldError('phone')}
      >
        <input type="tel" value={draft.phone} onChange={set('phone')} autoComplete="off" />
      </Field>
      <Field label="Category" error={fieldError('category')}>
        <select value={draft.category} onChange={set('category')}>
          <option value="youth">Youth</option>
          <option value="government_official">Government official</option>
          <option value="professional">Professional</option>
          <option value="other">Other</option>
        </select>
      </Field>
    </>
  );
}
