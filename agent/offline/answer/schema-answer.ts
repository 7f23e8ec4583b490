/** Answers "what tables are there?" and "describe the returns table" from the schema tools' JSON. */
export function schemaAnswer(payload: Record<string, unknown>): string {
  if (Array.isArray(payload.tables)) {
    const tables = payload.tables as Array<{ table: string; purpose: string }>;
    return `I can read ${tables.length} tables: ${tables.map((t) => `${t.table} (${t.purpose.replace(/\.$/, '')})`).join('; ')}.`;
  }
  if (typeof payload.table === 'string') {
    const columns = (payload.columns as Array<{ name: string; type: string }> | undefined) ?? [];
    const defs = (payload.businessDefinitions as string[] | undefined) ?? [];
    return `${payload.table}: ${String(payload.purpose ?? '')} Columns: ${columns.map((c) => `${c.name} (${c.type})`).join(', ')}.${
      defs.length ? ` Business definitions: ${defs.join(' ')}` : ''
    }`;
  }
  return 'Here is what I found.';
}
