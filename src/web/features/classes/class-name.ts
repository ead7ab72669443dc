/**
 * How a class is named in the interface: the school's own label ("5e B"), its short code ("5B") only when the school
 * gave no label. One rule everywhere, so a class never reads "5B" on one page and "5e B" on the next.
 */
export function className(c: { code: string; label?: string | null }): string {
  return c.label?.trim() || c.code;
}
