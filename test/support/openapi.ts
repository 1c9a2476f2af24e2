/** A JSON schema as the OpenAPI document serves it: only what `undocumented` walks. */
interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
}

/**
 * The paths of the fields in `value` that `schema` does not name: an object's keys must be among its schema's
 * properties (where it lists any), an array's elements are walked against `items`, and a union against each of
 * its members (a field is undocumented only if no member names it).
 */
export function undocumented(schema: Schema, value: unknown, at = '$'): string[] {
  const members = schema.anyOf ?? schema.oneOf;
  if (members) {
    const each = members.map((m) => undocumented(m, value, at));
    return each.find((missing) => missing.length === 0) ?? each[0] ?? [];
  }
  if (Array.isArray(value))
    return schema.items ? value.flatMap((v, i) => undocumented(schema.items!, v, `${at}[${i}]`)) : [];
  if (value === null || typeof value !== 'object' || !schema.properties) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    schema.properties![key] ? undocumented(schema.properties![key], v, `${at}.${key}`) : [`${at}.${key}`],
  );
}
