import type { FieldProblem } from '@lib/errors';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const CLASSES: [string, RegExp][] = [
  ['lower-case letters', /\p{Ll}/u],
  ['upper-case letters', /\p{Lu}/u],
  ['digits', /\p{Nd}/u],
  ['symbols', /[^\p{L}\p{Nd}]/u],
];

/**
 * The password policy: 12 to 128 characters, at least three of the four character classes,
 * and not the user name itself. Returns the problems, empty when the password is acceptable.
 */
export function passwordProblems(password: string, username?: string, field = 'password'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    problems.push({
      field,
      code: 'PASSWORD_TOO_SHORT',
      message: `a password has at least ${PASSWORD_MIN_LENGTH} characters`,
    });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push({
      field,
      code: 'PASSWORD_TOO_LONG',
      message: `a password has at most ${PASSWORD_MAX_LENGTH} characters`,
    });
  }
  const classes = CLASSES.filter(([, pattern]) => pattern.test(password)).length;
  if (classes < 3) {
    problems.push({
      field,
      code: 'PASSWORD_TOO_SIMPLE',
      message: 'a password mixes at least three of: lower-case letters, upper-case letters, digits, symbols',
    });
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push({ field, code: 'PASSWORD_CONTAINS_USERNAME', message: 'a password must not contain the user name' });
  }
  return problems;
}
