/**
 * Fills `{name}` placeholders of a rule message. A placeholder without data
 * is a bug in the rule, so it throws instead of printing `{name}`.
 */
export function formatMessage(
  template: string,
  data: Record<string, string | number> = {},
): string {
  return template.replace(/\{(\w+)\}/g, (_match, key: string) => {
    const value = data[key];
    if (value === undefined) throw new Error(`message "${template}" needs data for {${key}}`);
    return String(value);
  });
}

/** The placeholder names a message template uses. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}
