// Certifications of a trainee: the list, recording one, revoking one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CertificateCheck, Certification, CreateCertification } from '../../api/types';
import { enc, fetchAll, fetchPage } from '../query';

export const certificationKeys = {
  all: ['certifications'] as const,
  ofTrainee: (traineeId: string) => ['certifications', 'trainee', traineeId] as const,
};

export function useTraineeCertifications(traineeId: string) {
  return useQuery({
    queryKey: certificationKeys.ofTrainee(traineeId),
    queryFn: ({ signal }) =>
      fetchPage<Certification>('/certifications', { limit: '100', traineeId }, signal),
  });
}

export function useRecordCertificationMutation() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCertification) =>
      api<Certification>('/certifications', { method: 'POST', body }),
    onSuccess: () => queries.invalidateQueries({ queryKey: certificationKeys.all }),
  });
}

export function useRevokeCertificationMutation() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<Certification>(`/certifications/${enc(id)}/revoke`, { method: 'POST' }),
    onSuccess: () => queries.invalidateQueries({ queryKey: certificationKeys.all }),
  });
}

/** A program's certifications (up to 500), for a roster's certificate column. */
/** The certificates held by a cohort's roster (in the cohort's program), every page of them. */
export function useCohortCertifications(cohortCode: string) {
  return useQuery({
    queryKey: [...certificationKeys.all, 'cohort', cohortCode],
    queryFn: ({ signal }) => fetchAll<Certification>('/certifications', { cohortCode }, signal),
  });
}

/** The public certificate check (no sign-in); a 404 is an answer, not worth a retry. */
export function useCertificateCheck(code: string | undefined) {
  return useQuery({
    queryKey: ['verify', code ?? ''],
    queryFn: ({ signal }) =>
      api<CertificateCheck>(`/certifications/verify/${enc(code!)}`, { signal, anonymous: true }),
    enabled: Boolean(code),
    retry: false,
  });
}
