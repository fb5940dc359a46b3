// Which passwords are refused (`weak_password`): those made only of whitespace, and those a
// cracker's list of commonly used passwords finds quickly. The list is zxcvbn-ts's maintained
// common-password dictionary (about 49,000 leaked passwords, any case) with its keyboard-pattern
// graphs; zxcvbn's estimate also catches the usual disguises of a listed password
// (`Password123!`, `p@ssw0rd1234`, `iloveyou1234`, repeats and sequences). A password is weak
// when it would fall within a million guesses (zxcvbn score 0 or 1). Length (12+) is checked
// separately. The list is loaded on first use only (about 0.5 s and 13 MB), so processes that
// never judge a password (the worker) never pay for it.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { ConfigError } from '../config/app-config';

export const PASSWORD_MIN_LENGTH = 12;

export const WEAK_PASSWORD_MESSAGE =
  'is too easy to guess (weak_password): it is only spaces or one of the commonly used passwords; choose a longer passphrase of your own';

/** Below this many guesses (log10) a password counts as commonly used: zxcvbn score ≤ 1. */
const MIN_GUESSES_LOG10 = 6;

interface Judge {
  listed: Set<string>;
  zxcvbn: ZxcvbnFactory;
}

let judge: Promise<Judge> | null = null;

function loadJudge(): Promise<Judge> {
  judge ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) => ({
      listed: new Set(common.dictionary['passwords-common'].map((p) => p.toLowerCase())),
      zxcvbn: new core.ZxcvbnFactory({
        dictionary: { 'passwords-common': common.dictionary['passwords-common'] },
        graphs: common.adjacencyGraphs,
      }),
    }),
  );
  return judge;
}

/** True when the password is only whitespace or among the commonly used ones. */
export async function isWeakPassword(password: string): Promise<boolean> {
  if (password.trim() === '') return true;
  const { listed, zxcvbn } = await loadJudge();
  // A listed password in any case (zxcvbn alone would credit `LeaveMeAlone` its capitals).
  if (listed.has(password.toLowerCase())) return true;
  return zxcvbn.check(password).guessesLog10 < MIN_GUESSES_LOG10;
}

/** A weak ADMIN_PASSWORD stops start-up before it becomes the first admin's password. */
export async function assertAdminPasswordStrong(password: string): Promise<void> {
  if (await isWeakPassword(password)) {
    throw new ConfigError('ADMIN_PASSWORD', 'is only spaces or a commonly used password');
  }
}
