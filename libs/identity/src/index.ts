export {
  IdentityService,
  MAX_FAILED_LOGINS,
  LOCKOUT_MINUTES,
  tokenHash,
  type AccountView,
  type ClientInfo,
  type NewAccount,
  type Tokens,
} from './identity.service';
export { passwordProblems, PASSWORD_MIN_LENGTH } from './password-policy';
export { RateLimitedError } from './rate-limiter';
export { totpCode, totpStep, matchTotp, base32Decode, base32Encode } from './totp';
export { ensureAdministrators, ADMIN_USERNAMES, type AdministratorsEnsured } from './bootstrap';
