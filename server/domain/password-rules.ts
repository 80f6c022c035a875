/**
 * What a new password must be, said once for every place a person sets one (first run, an invitation, a change).
 * Length over complexity, as NIST SP 800-63B advises: long enough, not the person's own email or name, not one
 * character repeated.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export function passwordProblem(password: string, person: { email: string; name?: string | null }): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `A password can be at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (/^(.)\1*$/.test(password)) return "Choose a password that is not one character repeated.";
  const lower = password.toLowerCase();
  const local = person.email.split("@")[0]?.toLowerCase() ?? "";
  if (lower === person.email.toLowerCase() || (local.length >= 4 && lower.includes(local)))
    return "Choose a password that does not contain your email address.";
  const name = person.name?.trim().toLowerCase() ?? "";
  if (name.length >= 4 && lower.replace(/\s/g, "").includes(name.replace(/\s/g, ""))) return "Choose a password that does not contain your name.";
  return null;
}
