import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AdminRole, Principal } from '@lib/contracts';
import type { CampaignStanding } from '@lib/access';

/**
 * Who may call a route. Every route is a business route (a person acting for a unit, never an
 * administrator) unless it says otherwise:
 * - `public`: no sign-in (health, sign-in itself, the API docs);
 * - `signed-in`: anyone signed in (their own account, the organisation tree);
 * - `admin`: only the named administrator roles (三员分立).
 */
export type RouteAudience =
  { kind: 'public' } | { kind: 'signed-in' } | { kind: 'admin'; roles: readonly AdminRole[] } | { kind: 'business' };

export const AUDIENCE = 'supervision-loop:audience';
/** The route reads its body as a stream (an uploaded file), not as JSON. */
export const RAW_BODY = 'supervision-loop:raw-body';
export const RawBody = () => SetMetadata(RAW_BODY, true);
export const STANDINGS = 'supervision-loop:standings';

export const Public = () => SetMetadata(AUDIENCE, { kind: 'public' } satisfies RouteAudience);
export const SignedIn = () => SetMetadata(AUDIENCE, { kind: 'signed-in' } satisfies RouteAudience);
export const AdminOnly = (...roles: AdminRole[]) =>
  SetMetadata(AUDIENCE, { kind: 'admin', roles } satisfies RouteAudience);

/**
 * How a reader must stand towards the campaign a route names (by `:campaignId`, `:findingId`
 * or `:snapshotId`). Without it, only the campaign's own congress may use the route.
 */
export const CampaignStandings = (...standings: CampaignStanding[]) => SetMetadata(STANDINGS, standings);

/** The signed-in principal, as the access guard resolved it. */
export const Acting = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Error('the route has no signed-in principal; is it public?');
  return principal;
});

/** The person a business principal acts for (business routes always have one). */
export function personOf(principal: Principal): string {
  if (!principal.personId) throw new Error('a business route reached without a person');
  return principal.personId;
}
