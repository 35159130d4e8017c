import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessService, administratorsStayOut, type CampaignStanding } from '@lib/access';
import { DomainError } from '@lib/errors';
import { IdentityService } from '@lib/identity';
import { AUDIENCE, RAW_BODY, STANDINGS, type RouteAudience } from './access.decorators';
import { checkInput } from './input-sanity';
import { AUDIT, type AuditedRequest, type AuditSpec } from './audit-trail';

const OWN_ONLY: readonly CampaignStanding[] = ['own'];

export type SignedInRequest = AuditedRequest;

function bearer(request: Request): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header);
  if (!match) {
    throw new DomainError('TOKEN_INVALID', 401, 'the Authorization header is not a bearer token', '访问令牌格式不正确');
  }
  return match[1];
}

/**
 * The one gate every request passes: who is signed in (their session is checked on every
 * request, so a revoked session stops at once), whether the route is theirs to call, and
 * whether the campaign, finding, snapshot or item it names is theirs to see — 404 otherwise,
 * exactly as for something that does not exist. Runs before validation, so a hidden resource
 * cannot be probed through validation errors; only the input's basic sanity (no NUL, bounded
 * nesting, JSON bodies) is checked first, so nothing malformed reaches the database.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const audience = this.reflector.getAllAndOverride<RouteAudience | undefined>(AUDIENCE, targets) ?? {
      kind: 'business',
    };
    const request = context.switchToHttp().getRequest<SignedInRequest>();
    request.routeInfo = {
      controller: context.getClass().name,
      handler: context.getHandler().name,
      audit: this.reflector.get<AuditSpec | undefined>(AUDIT, context.getHandler()),
    };
    const rawBody = this.reflector.get<boolean | undefined>(RAW_BODY, context.getHandler()) ?? false;
    if (audience.kind === 'public') {
      checkInput(request, rawBody);
      return true;
    }
    const token = bearer(request);
    if (!token) throw new DomainError('AUTH_REQUIRED', 401, 'sign in first', '请先登录');
    const principal = await this.identity.authenticate(token);
    request.principal = principal;
    checkInput(request, rawBody);
    if (audience.kind === 'signed-in') return true;
    if (audience.kind === 'admin') {
      if (principal.adminRole && audience.roles.includes(principal.adminRole)) return true;
      throw new DomainError(
        'ROLE_NOT_ALLOWED',
        403,
        `only the ${audience.roles.join(' or ')} may do this`,
        '无权执行此操作',
      );
    }
    if (!principal.personId) throw administratorsStayOut();
    const standings = this.reflector.getAllAndOverride<CampaignStanding[] | undefined>(STANDINGS, targets) ?? OWN_ONLY;
    const params = request.params as Record<string, string | undefined>;
    if (params.campaignId) await this.access.requireCampaign(principal, params.campaignId, standings);
    if (params.findingId) await this.access.requireFinding(principal, params.findingId, standings);
    if (params.snapshotId) await this.access.requireSnapshot(principal, params.snapshotId, standings);
    if (params.itemId && !params.campaignId) await this.access.requireItem(principal, params.itemId);
    return true;
  }
}
