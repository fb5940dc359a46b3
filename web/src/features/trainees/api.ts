// Trainees: the searchable list, one trainee, and the writes.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CreateTrainee, Trainee, TraineeWritten, UpdateTrainee } from '../../api/types';
import { enc, fetchAll, type Filters, useKeysetList } from '../query';

export const traineeKeys = {
  all: ['trainees'] as const,
  detail: (id: string) => ['trainees', 'detail', id] as const,
};

export function useTrainees(filters: Filters) {
  return useKeysetList<Trainee>(traineeKeys.all, '/trainees', filters);
}

export function useTrainee(id: string) {
  return useQuery({
    queryKey: traineeKeys.detail(id),
    queryFn: ({ signal }) => api<Trainee>(`/trainees/${enc(id)}`, { signal }),
  });
}

export function useCreateTraineeMutation() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTrainee) => api<TraineeWritten>('/trainees', { method: 'POST', body }),
    onSuccess: () => queries.invalidateQueries({ queryKey: traineeKeys.all }),
  });
}

export function useUpdateTraineeMutation(id: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateTrainee) =>
      api<Trainee>(`/trainees/${enc(id)}`, { method: 'PATCH', body }),
    onSuccess: (saved) => {
      queries.setQueryData(traineeKeys.detail(id), saved);
      return queries.invalidateQueries({ queryKey: traineeKeys.all });
    },
  });
}

/** A cohort's trainees (up to 500) by id, for the roster's CNIC column. */
export function useCohortTrainees(cohortCode: string) {
  return useQuery({
    queryKey: [...traineeKeys.all, 'cohort', cohortCode],
    queryFn: async ({ signal }) => {
      const all = await fetchAll<Trainee>('/trainees', { cohortCode }, signal);
      return new Map(all.map((t) => [t.id, t]));
    },
  });
}
