/**
 * Two kinds of input the offline model does not read as a question:
 *
 * - SQL typed into the question ("run SELECT …", "…; DROP TABLE orders"). The model passes it to
 *   run_query unchanged, so the guard — not the model — decides, and the attempt lands in the audit log
 *   with the guard's reason.
 * - Attempts to change the agent's rules ("ignore your instructions", "you are now in admin mode").
 *   The model refuses them outright.
 */

const STATEMENT_START =
  /\b(select\s+[\s\S]+?\bfrom\b|select\s+(?:sleep|benchmark|load_file|version|user|database|@@)|with\s+(?:recursive\s+)?\w+\s+as\s*\(|insert\s+(?:ignore\s+)?into|update\s+`?\w+`?\s+set|delete\s+from|drop\s+(?:table|database|schema|user|view|index|procedure|function|trigger)|alter\s+(?:table|user|database|view)|create\s+(?:or\s+replace\s+)?(?:temporary\s+)?(?:table|user|database|view|index|procedure|function|trigger|role)|truncate\s+(?:table\s+)?`?\w+|grant\s+(?:all|select|insert|update|delete|usage|super|file|process|create|drop|alter|execute|\w+\s+on)\b|revoke\s+\w+|replace\s+into|rename\s+(?:table|user)|load\s+data|call\s+\w+\s*\(|set\s+(?:global|session|password|@@?\w+|sql_mode|autocommit)|lock\s+tables?|unlock\s+tables|handler\s+\w+|shutdown\b|kill\s+(?:query\s+|connection\s+)?\d+|attach\s+database|pragma\s+\w+|flush\s+\w+|install\s+plugin|execute\s+immediate|prepare\s+\w+\s+from)/i;

const SQL_HINT =
  /\bunion\s+(?:all\s+)?select\b|\bsleep\s*\(|\bbenchmark\s*\(|\bload_file\s*\(|\binto\s+(?:outfile|dumpfile)\b|\binformation_schema\b|\bmysql\.user\b|\bperformance_schema\b|\bsqlite_master\b|\bsqlite_schema\b|;\s*--|'\s*or\s+'?1'?\s*=\s*'?1|\bor\s+1\s*=\s*1\b|\/\*!|\bxp_cmdshell\b/i;

/** The SQL inside a question, from its first statement keyword to the end; undefined when there is none. */
export function embeddedSql(question: string): string | undefined {
  const fenced = /```(?:sql)?\s*([\s\S]+?)```/i.exec(question);
  if (fenced) return (fenced[1] as string).trim();
  const start = STATEMENT_START.exec(question);
  if (start) return question.slice(start.index).trim();
  if (SQL_HINT.test(question)) {
    // Injection fragments without a statement of their own ("… UNION SELECT …", "' OR 1=1"): pass the
    // whole text, so the guard refuses it and says why.
    const select = /\bselect\b/i.exec(question);
    return (select ? question.slice(select.index) : question).trim();
  }
  return undefined;
}

const RULE_CHANGE =
  /\b(?:ignore|disregard|forget|override|bypass|disable|skip)\b[\s\S]{0,40}\b(?:instructions?|rules?|guard(?:rails?)?|restrictions?|prompts?|polic(?:y|ies)|safety|limits?|previous|above|system)\b|\byou are (?:now|no longer)\b|\b(?:act|behave|pretend|roleplay) (?:as|like|to be)\b|\b(?:developer|admin|god|dan|jailbreak|unrestricted|sudo|root) mode\b|\bjailbreak\b|\b(?:reveal|show|print|repeat|leak)\b[\s\S]{0,30}\b(?:system prompt|your (?:prompt|instructions|rules)|hidden (?:prompt|instructions))\b|\bnew instructions?\b|\bfrom now on\b|\bwrite access\b|\b(?:give|grant) (?:me|yourself) (?:\w+ )?(?:access|privileges?|permissions?|rights)\b|\bdisable (?:the )?(?:guard|masking)\b|\bunmask\b|\bwithout (?:the )?(?:guard|masking|restrictions)\b/i;

export function rulesChangeAttempt(question: string): boolean {
  return RULE_CHANGE.test(question);
}

/** Requests to change data in plain words ("delete all customers", "cancel order ORD-…", "drop the table"). */
const WRITE_REQUEST =
  /^\s*(?:please\s+|can you\s+|could you\s+|i want (?:you )?to\s+|go ahead and\s+)?(?:drop|delete|remove|truncate|update|insert|modify|change|alter|create|wipe|erase|purge|grant|revoke|cancel|refund|set|reset|mark|approve|reject|add|edit|rename|restore|overwrite|empty)\b/i;

export function writeRequest(question: string): boolean {
  return WRITE_REQUEST.test(question);
}
