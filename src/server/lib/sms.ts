/**
 * Text messages: the interface a provider implements (docs/mail.md, "SMS"). No provider is wired yet: a deployment
 * that signs a contract with an operator adds one here and chooses it in the configuration.
 */
export interface SmsProvider {
  /** Sends `text` to `to`, a number in E.164 form (+33612345678). Rejects when the provider refuses it. */
  send(to: string, text: string): Promise<{ id: string }>;
}

/** A French mobile number in E.164 form, or null: what an SMS provider is given. */
export function toE164(phone: string): string | null {
  const digits = phone.replace(/[\s.\-()]/g, '');
  if (/^\+\d{8,15}$/.test(digits)) return digits;
  if (/^0[67]\d{8}$/.test(digits)) return `+33${digits.slice(1)}`;
  return null;
}
