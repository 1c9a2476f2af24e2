import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, Observable, switchMap } from 'rxjs';
import { ReadModelProgress } from '../projections/read-model-progress';

const OWN_WAIT = 'chancery:own-read-your-writes';
/** Marks a controller that decides for itself how long to wait for the read models (the health check). */
export const WaitsOnItsOwn = () => SetMetadata(OWN_WAIT, true);

/**
 * Read-your-writes, at the read: a write answers once its event is durable, and every GET first waits until the
 * read models include every write this process has answered (`ReadModelProgress.caughtUp`, an in-memory comparison when
 * they do). After the usual timeout the GET is a 503, as the write's wait was before.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(
    private readonly progress: ReadModelProgress,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const { method } = ctx.switchToHttp().getRequest<FastifyRequest>();
    if ((method !== 'GET' && method !== 'HEAD') || this.reflector.get<boolean>(OWN_WAIT, ctx.getClass())) {
      return next.handle();
    }
    return from(this.progress.caughtUp()).pipe(switchMap(() => next.handle()));
  }
}
