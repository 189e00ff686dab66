import argon2 from 'argon2';

export const minimumPasswordLength = 12;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  // An account without a password (an invited user) still pays for one hash, so timing tells nothing.
  if (hash === null) {
    await argon2.hash(password, { type: argon2.argon2id });
    return false;
  }
  return argon2.verify(hash, password);
}
