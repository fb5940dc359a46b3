import { type FormEvent, useState } from 'react';
import type { CreatePartner } from '../../api/types';
import { Field } from '../../components/Field';
import { FormProblem } from '../../components/FormProblem';
import { useSubmit } from '../../components/useSubmit';
import { useCreatePartnerMutation } from '../../features/partners/api';
import { FormCard } from '../../components/FormCard';

export function NewPartner() {
  const submit = useSubmit();
  const create = useCreatePartnerMutation();
  const [draft, setDraft] = useState<CreatePartner>({ code: '', name: '', kind: 'industry' });
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const saved = await submit.run(() => create.mutateAsync(draft));
    if (saved) setDraft({ code: '', name: '', kind: 'industry' });
  };
  return (
    <FormCard
      title="New partner"
      onSubmit={onSubmit}
      disabled={submit.busy}
      submitLabel="Create partner"
    >
      <FormProblem error={submit.error} fields={['code', 'name', 'kind']} />
      <div className="form-grid">
        <Field
          label="Code"
          help="2–32 capitals, digits, - or _; e.g. HUAWEI."
          error={submit.fieldError('code')}
        >
          <input
            value={draft.code}
            onChange={(e) => setDraft({ ...draft, code: e.target.value })}
            autoComplete="off"
          />
        </Field>
        <Field label="Name" error={submit.fieldError('name')}>
          <input
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            dir="auto"
          />
        </Field>
        <Field label="Kind" error={submit.fieldError('kind')}>
          <select
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.target.value as CreatePartner['kind'] })}
          >
            <option value="industry">Industry</option>
            <option value="government">Government</option>
            <option value="academic">Academic</option>
            <option value="donor">Donor</option>
          </select>
        </Field>
      </div>
    </FormCard>
  );
}
