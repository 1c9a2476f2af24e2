import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ReadModelProgress } from '../projections/read-model-progress';

const OWN_WAIT = 'chancery:own-read-your-writes';
/** Marks a controller that decides for itself how long to wait for the read models (the health check). */
export const WaitsOnItsOwn = () => SetMetadata(OWN_WAIT, true);

/**
 * Read-your-writes, at the read: a write answers once its event is durable, and every GET first waits until the
 * read models include every write this process has answered (`ReadModelProgress.caughtUp`, an in-memory comparison when
 * they do). After the usual timeout the GET is a 503, as the write's wait was before.
 *
 * A guard, though it refuses nothing: the one global hook Nest runs before the pipes that costs a call and an await.
 * As a global interceptor it also wrapped every write in an rxjs chain with two `AsyncResource.bind`s, for nothing.
 */
@Injectable()
export class ReadYourWritesGuard implements CanActivate {
  constructor(
    private readonly progress: ReadModelProgress,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { method } = ctx.switchToHttp().getRequest<FastifyRequest>();
    if ((method === 'GET' || method === 'HEAD') && !this.reflector.get<boolean>(OWN_WAIT, ctx.getClass())) {
      await this.progress.caughtUp();
    }
    return true;
  }
}
