// Enrollments: a trainee's, a cohort's roster, and the writes (enroll, change a status).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CreateEnrollment, Enrollment, UpdateEnrollment } from '../../api/types';
import { enc, fetchPage, type Filters, useKeysetList } from '../query';

export const enrollmentKeys = {
  all: ['enrollments'] as const,
  ofTrainee: (traineeId: string) => ['enrollments', 'trainee', traineeId] as const,
};

/** A trainee's enrollments (one per program: a page of 100 holds them all). */
export function useTraineeEnrollments(traineeId: string) {
  return useQuery({
    queryKey: enrollmentKeys.ofTrainee(traineeId),
    queryFn: ({ signal }) =>
      fetchPage<Enrollment>('/enrollments', { limit: '100', traineeId }, signal),
  });
}

/** A cohort's roster, paged, with the list's filters (status). */
export function useCohortEnrollments(cohortCode: string, filters: Filters) {
  return useKeysetList<Enrollment>(
    enrollmentKeys.all,
    '/enrollments',
    { ...filters, cohortCode },
    { limit: 100 },
  );
}

export function useEnrollMutation() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateEnrollment) =>
      api<Enrollment>('/enrollments', { method: 'POST', body }),
    onSuccess: () => queries.invalidateQueries({ queryKey: enrollmentKeys.all }),
  });
}

export function useEnrollmentStatusMutation() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateEnrollment }) =>
      api<Enrollment>(`/enrollments/${enc(id)}`, { method: 'PATCH', body }),
    onSuccess: () => queries.invalidateQueries({ queryKey: enrollmentKeys.all }),
  });
}
