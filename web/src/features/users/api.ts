// User accounts (admins): the list, creating one, changing one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CreateUser, UpdateUser, User } from '../../api/types';
import { enc, fetchPage, type Filters, useKeysetList } from '../query';

export const userKeys = { all: ['users'] as const };

export function useUsers(filters: Filters) {
  return useKeysetList<User>(userKeys.all, '/users', filters);
}

export function useCreateUserMutation() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUser) => api<User>('/users', { method: 'POST', body }),
    onSuccess: () => queries.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUserMutation() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUser }) =>
      api<User>(`/users/${enc(id)}`, { method: 'PATCH', body }),
    onSuccess: () => queries.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** Every account (up to 500), for a picker such as the audit log's "who". */
export function useUserOptions() {
  return useQuery({
    queryKey: [...userKeys.all, 'options'],
    queryFn: ({ signal }) => fetchPage<User>('/users', { limit: '500' }, signal),
  });
}
