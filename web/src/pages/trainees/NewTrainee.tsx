// "New trainee" (coordinators and admins): POST /trainees, then the new trainee's page. A CNIC
// that is already known is refused (409): the API's message, and a link to that trainee when
// the answer names it (only to a caller that may see it).
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import type { CreateTrainee } from '../../api/types';
import { useSession } from '../../auth/useSession';
import { Field } from '../../components/Field';
import { FormProblem } from '../../components/FormProblem';
import { useSubmit } from '../../components/useSubmit';
import { useCreateTraineeMutation } from '../../features/trainees/api';
import { CNIC_HELP } from '../../lib/cnic';
import { mayEditRecords } from '../../lib/nav';
import { TRAINEE_FIELDS, TraineeFields, traineeBody, traineeDraft } from './TraineeFields';

/** What the trainee page shows after a creation: that it worked, and any warning. */
export interface CreatedState {
  created: { warnings: { field: string; message: string }[] };
}

function KnownCnic({ error }: { error: ApiError }) {
  const existingId = error.extensions.existingId;
  return (
    <div className="alert alert-error" role="alert">
      <p>
        <strong>Not added. </strong>
        {error.message.replace(/\.?$/, '.')}
      </p>
      {typeof existingId === 'string' && (
        <p>
          <Link to={`/trainees/${encodeURIComponent(existingId)}`}>Open the existing trainee</Link>
        </p>
      )}
    </div>
  );
}

export default function NewTrainee() {
  const session = useSession();
  const navigate = useNavigate();
  const submit = useSubmit();
  const create = useCreateTraineeMutation();
  const [cnic, setCnic] = useState('');
  const [draft, setDraft] = useState(() => traineeDraft());

  if (session && !mayEditRecords(session.user.role)) {
    return (
      <div className="page">
        <h1>New trainee</h1>
        <p>Coordinators and administrators add trainees; partners send them in a roster.</p>
      </div>
    );
  }

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { cnic: cnic.trim(), ...traineeBody(draft) } as CreateTrainee;
    const saved = await submit.run(() => create.mutateAsync(body));
    if (saved) {
      const state: CreatedState = { created: { warnings: saved.warnings ?? [] } };
      void navigate(`/trainees/${encodeURIComponent(saved.id)}`, { state });
    }
  };
  const known = submit.error instanceof ApiError && submit.error.status === 409;

  return (
    <div className="page">
      <p>
        <Link to="/trainees">← Trainees</Link>
      </p>
      <h1>New trainee</h1>
      {known ? (
        <KnownCnic error={submit.error as ApiError} />
      ) : (
        <FormProblem error={submit.error} fields={['cnic', ...TRAINEE_FIELDS]} />
      )}
      <form
        className="card form"
        onSubmit={(e) => void onSubmit(e)}
        noValidate
        aria-label="New trainee"
      >
        <div className="form-grid">
          <Field label="CNIC" help={CNIC_HELP} error={submit.fieldError('cnic')}>
            <input
              value={cnic}
              onChange={(e) => setCnic(e.target.value)}
              inputMode="numeric"
              autoComplete="off"
            />
          </Field>
          <TraineeFields draft={draft} onChange={setDraft} fieldError={submit.fieldError} />
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={submit.busy}>
            Add trainee
          </button>
        </div>
      </form>
    </div>
  );
}
