import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Req } from '@nestjs/common';
import type { Principal } from '@lib/contracts';
import { IdentityService } from '@lib/identity';
import { Acting, Public, SignedIn } from '../http/access.decorators';
import { Audited, type AuditedRequest } from '../http/audit-trail';
import { ChangePasswordDto, LoginDto, PasswordDto, RefreshDto, TotpCodeDto } from './auth.dto';

/**
 * Sign-in and the signed-in user's own account. An access token lasts minutes
 * (`AUTH_TOKEN_TTL_SECONDS`); the refresh token renews it, once, while the session lives.
 */
@Controller('auth')
export class AuthController {
  constructor(@Inject(IdentityService) private readonly identity: IdentityService) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @Audited({ action: 'auth.login', usernameField: 'username' })
  async login(@Body() body: LoginDto, @Req() request: AuditedRequest) {
    const signedIn = await this.identity.login(body, {
      ip: request.ip ?? null,
      userAgent: request.headers['user-agent'] ?? null,
    });
    const { account } = signedIn;
    request.auditActor = { accountId: account.id, username: account.username, personId: account.personId };
    return signedIn;
  }

  @Post('refresh')
  @Audited({ action: 'auth.refresh' })
  @Public()
  @HttpCode(HttpStatus.OK)
  refresh(@Body() body: RefreshDto) {
    return this.identity.refresh(body.refreshToken);
  }

  @Post('logout')
  @Audited({ action: 'auth.logout' })
  @SignedIn()
  @HttpCode(HttpStatus.NO_CONTENT)
  async logout(@Acting() principal: Principal): Promise<void> {
    await this.identity.logout(principal.sessionId);
  }

  /** Who is signed in: the account, and the person, unit and roles it acts with. */
  @Get('me')
  @SignedIn()
  async me(@Acting() principal: Principal) {
    const account = await this.identity.account(principal.accountId);
    return { ...principal, totpEnabled: account.totpEnabled };
  }

  /** Change one's own password; every other session of the account ends. */
  @Post('password')
  @Audited({ action: 'auth.password_changed' })
  @SignedIn()
  @HttpCode(HttpStatus.NO_CONTENT)
  async changePassword(@Acting() principal: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    await this.identity.changePassword(principal, body.currentPassword, body.newPassword);
  }

  @Post('totp/enroll')
  @Audited({ action: 'auth.totp_enrol' })
  @SignedIn()
  @HttpCode(HttpStatus.OK)
  enrollTotp(@Acting() principal: Principal) {
    return this.identity.enrollTotp(principal);
  }

  @Post('totp/confirm')
  @Audited({ action: 'auth.totp_enabled' })
  @SignedIn()
  @HttpCode(HttpStatus.OK)
  confirmTotp(@Acting() principal: Principal, @Body() body: TotpCodeDto) {
    return this.identity.confirmTotp(principal, body.code);
  }

  @Post('totp/disable')
  @Audited({ action: 'auth.totp_disabled' })
  @SignedIn()
  @HttpCode(HttpStatus.OK)
  disableTotp(@Acting() principal: Principal, @Body() body: PasswordDto) {
    return this.identity.disableTotp(principal, body.password);
  }
}
