// The stored user behind a JWT, kept for at most one second per process: every authenticated
// request needs it. It is never served older than that (a disabled user is refused within a
// second on every process), and the process that changes an account forgets it at once.
import { Injectable } from '@nestjs/common';
import { TtlCache } from '../../core/cache/ttl-cache';
import { UserRow, UsersRepository } from './users.repository';

export const USER_CACHE_MS = 1000;

@Injectable()
export class UserAuthStateCache {
  private readonly cache = new TtlCache<UserRow | null>(USER_CACHE_MS, Date.now, {
    serveStale: false,
  });

  constructor(private readonly users: UsersRepository) {}

  get(id: string): Promise<UserRow | null> {
    return this.cache.getOrCompute(id, () => this.users.findById(id));
  }

  forget(id: string): void {
    this.cache.delete(id);
  }
}
