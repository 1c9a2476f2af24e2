import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { CONFIG, Config, hashToken, mayActAs, Principal, Role } from '../config/config';

const ROLE = 'chancery:role';
const PUBLIC = 'chancery:public';
/** Marks a route as one that needs at least this role. */
export const Requires = (role: Role) => SetMetadata(ROLE, role);
/** Marks a controller that answers without a token even when reads need one (the health check). */
export const Public = () => SetMetadata(PUBLIC, true);

export type AuthedRequest = FastifyRequest & { principal?: Principal };

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Writes need `Authorization: Bearer <token>` with a role that may do them (admin may do all a writer
 * may, a writer all a reader may); reads need a token of any role with READ_ACCESS=token. With no
 * tokens configured, writes come only from loopback.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (this.reflector.get<boolean | undefined>(PUBLIC, ctx.getClass())) return true;
    const role =
      this.reflector.get<Role | undefined>(ROLE, ctx.getHandler()) ??
      (this.config.readsNeedToken ? 'reader' : undefined);
    if (!role) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    if (this.config.tokens.size === 0) {
      if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
        throw new ForbiddenException('API_TOKENS is not set: writes are accepted only from loopback');
      }
      req.principal = { name: 'loopback', role: 'admin' };
      return true;
    }
    const principal = this.principalOf(req.headers.authorization);
    if (!principal) throw new UnauthorizedException('Authorization: Bearer <token> with a valid token is required');
    if (!mayActAs(principal.role, role)) {
      throw new ForbiddenException(`this needs the ${role} role; the token is ${principal.role}`);
    }
    req.principal = principal;
    return true;
  }

  private principalOf(header: string | undefined): Principal | undefined {
    const match = /^Bearer (\S+)$/.exec(header ?? '');
    if (!match) return undefined;
    const hash = Buffer.from(hashToken(match[1]), 'hex');
    // Compare against every known hash in constant time, so timing tells nothing.
    let found: Principal | undefined;
    for (const [known, principal] of this.config.tokens) {
      if (timingSafeEqual(hash, Buffer.from(known, 'hex'))) found = principal;
    }
    return found;
  }
}
