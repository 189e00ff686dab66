import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '@switchyard/errors';
import { type FastifyRequest } from 'fastify';
import { Authenticator } from './authenticator';
import { hasScope, type ApiScope, type Principal } from './principal';

const publicRouteKey = 'switchyard:public';
const requiredScopesKey = 'switchyard:scopes';

/** Marks a route as reachable without credentials (health, login, docs). */
export const Public = () => SetMetadata(publicRouteKey, true);

/** The scopes a caller needs for this route; all of them must be held. */
export const RequireScopes = (...scopes: ApiScope[]) => SetMetadata(requiredScopesKey, scopes);

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

export function principalOf(request: FastifyRequest): Principal | undefined {
  return (request as AuthenticatedRequest).principal;
}

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = principalOf(context.switchToHttp().getRequest<FastifyRequest>());
    if (!principal) throw new Error('CurrentPrincipal used on a public route');
    return principal;
  },
);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(publicRouteKey, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticator.authenticate(request.headers.authorization);
    request.principal = principal;
    const required = this.reflector.getAllAndOverride<ApiScope[]>(requiredScopesKey, targets) ?? [];
    const missing = required.filter((scope) => !hasScope(principal, scope));
    if (missing.length > 0) {
      throw new ForbiddenError(
        'insufficient_scope',
        `This request needs the scope(s): ${missing.join(', ')}.`,
      );
    }
    return true;
  }
}
