/**
 * Fills `{{name}}` placeholders in `template` in one pass: inserted values are never scanned again, so a caption that
 * itself contains `{{...}}` or `$&` is inserted verbatim.
 *
 * @throws TypeError when the template names a placeholder that `values` lacks.
 */
export function renderPrompt(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{([a-z0-9_]+)\}\}/g, (_match, name: string) => {
    const v = values[name];
    if (v === undefined) {
      throw new TypeError(`renderPrompt: no value for placeholder {{${name}}}`);
    }
    return v;
  });
}
