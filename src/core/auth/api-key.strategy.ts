// Partner API keys from `X-API-Key: <key>` or `Authorization: ApiKey <key>`.
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-strategy';
import type { PartnerActor } from './actor';
import { ACTOR_RESOLVER, type ActorResolver } from './actor-resolver';

export function extractApiKey(req: Request): string | null {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header.trim()) return header.trim();
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const match = /^ApiKey\s+(\S+)\s*$/i.exec(auth);
    if (match) return match[1];
  }
  return null;
}

type VerifyCallback = (key: string, done: (err: unknown, actor?: unknown) => void) => void;

/** A minimal passport strategy; Nest's mixin passes the verify callback that calls validate(). */
class HeaderApiKeyStrategy extends Strategy {
  constructor(private readonly verify: VerifyCallback) {
    super();
  }

  override authenticate(req: Request): void {
    const key = extractApiKey(req);
    if (!key) return this.fail('no API key', 401);
    this.verify(key, (err, actor) => {
      if (err) return this.error(err instanceof Error ? err : new Error(String(err)));
      if (!actor) return this.fail('bad API key', 401);
      this.success(actor as Express.User);
    });
  }
}

@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderApiKeyStrategy, 'api-key') {
  constructor(@Inject(ACTOR_RESOLVER) private readonly actors: ActorResolver) {
    super();
  }

  validate(key: string): Promise<PartnerActor | null> {
    return this.actors.actorForApiKey(key);
  }
}
