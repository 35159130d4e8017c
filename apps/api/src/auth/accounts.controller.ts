import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { IdentityService } from '@lib/identity';
import { OrganisationService } from '@lib/organisation';
import { AdminOnly } from '../http/access.decorators';
import { AccountListQuery } from '../http/page.dto';
import { Audited } from '../http/audit-trail';
import { CreateAccountDto, PersonRolesDto } from './auth.dto';

/**
 * Accounts, as the separated administrators (三员分立) manage them: the system administrator
 * opens, disables and re-enables accounts; the security administrator decides who holds which
 * role, unlocks accounts and ends sessions. Neither can act on supervision business.
 */
@Controller()
export class AccountsController {
  constructor(
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  @Get('accounts')
  @AdminOnly('system_admin', 'security_admin')
  list(@Query() query: AccountListQuery) {
    return this.identity.listAccounts(query);
  }

  @Get('accounts/:accountId')
  @AdminOnly('system_admin', 'security_admin')
  get(@Param('accountId') accountId: string) {
    return this.identity.account(accountId);
  }

  /** A business account for one person; it acts with that person's unit and roles. */
  @Post('accounts')
  @AdminOnly('system_admin')
  @Audited({ action: 'account.created', keep: ['username', 'personId'] })
  create(@Body() body: CreateAccountDto) {
    return this.identity.createAccount(body);
  }

  @Post('accounts/:accountId/disable')
  @Audited({ action: 'account.disabled' })
  @AdminOnly('system_admin')
  @HttpCode(HttpStatus.OK)
  disable(@Param('accountId') accountId: string) {
    return this.identity.setDisabled(accountId, true);
  }

  @Post('accounts/:accountId/enable')
  @Audited({ action: 'account.enabled' })
  @AdminOnly('system_admin')
  @HttpCode(HttpStatus.OK)
  enable(@Param('accountId') accountId: string) {
    return this.identity.setDisabled(accountId, false);
  }

  @Post('accounts/:accountId/unlock')
  @Audited({ action: 'account.unlocked' })
  @AdminOnly('security_admin')
  @HttpCode(HttpStatus.OK)
  unlock(@Param('accountId') accountId: string) {
    return this.identity.unlock(accountId);
  }

  /** End every session of the account now (the kill switch). */
  @Post('accounts/:accountId/revoke-sessions')
  @Audited({ action: 'account.sessions_revoked' })
  @AdminOnly('security_admin')
  @HttpCode(HttpStatus.OK)
  async revoke(@Param('accountId') accountId: string) {
    return { revoked: await this.identity.revokeSessions(accountId) };
  }

  /** Who holds which role: the security administrator's decision, and only theirs. */
  @Put('people/:personId/roles')
  @Audited({ action: 'permission.roles_changed', keep: ['roles'] })
  @AdminOnly('security_admin')
  setRoles(@Param('personId') personId: string, @Body() body: PersonRolesDto) {
    return this.organisation.setRoles(personId, body.roles);
  }
}
