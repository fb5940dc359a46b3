import { assertAdminPasswordStrong, isWeakPassword } from './password-policy';

describe('password policy (weak_password)', () => {
  it.each([
    ['twelve spaces', ' '.repeat(12)],
    ['tabs and spaces', '\t '.repeat(6)],
    ['no-break spaces and a newline', '\u00a0'.repeat(11) + '\n'],
    ['a listed password', '1qaz2wsx3edc'],
    ['a listed password', 'qwerty123456'],
    ['a listed password', 'leavemealone'],
    ['a listed password, other case', 'LeaveMeAlone'],
    ['a listed password with digits', 'password1234'],
    ['a listed password in l33t', 'P@ssw0rd1234'],
    ['a listed password with a symbol', 'Password123!'],
    ['a listed password twice', 'iloveyouiloveyou'],
    ['a repeat', 'aaaaaaaaaaaa'],
    ['a sequence', 'abcdefghijkl'],
    ['digits in order', '123456789012'],
    ['a keyboard walk', 'qwertyuiopasdf'],
  ])('refuses %s: %j', async (_, password) => {
    await expect(isWeakPassword(password)).resolves.toBe(true);
  });

  it.each([
    'demo-admin-password',
    'demo-coordinator-password',
    'demo-ministry-password',
    'change-me-admin-password',
    'admin-password-123',
    'a-long-test-password',
    'a-long-passphrase',
    'correct horse battery staple',
    'Lahore ki barish 2026',
    'لاہور کی بارش بہت تیز ہے',
  ])('accepts %j', async (password) => {
    await expect(isWeakPassword(password)).resolves.toBe(false);
  });

  it('a weak ADMIN_PASSWORD is a configuration error naming the variable only', async () => {
    await expect(assertAdminPasswordStrong('password1234')).rejects.toThrow(
      'Invalid configuration: ADMIN_PASSWORD is only spaces or a commonly used password',
    );
    await expect(assertAdminPasswordStrong(' '.repeat(14))).rejects.toThrow(/ADMIN_PASSWORD/);
    await expect(assertAdminPasswordStrong('demo-admin-password')).resolves.toBeUndefined();
  });
});
