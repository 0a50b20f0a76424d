/** Glue/EventBridge cron: `cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)`. */
const GLUE_CRON = /^cron\((\S+\s+){5}\S+\)$/;

export function isGlueCron(expression: string): boolean {
  return GLUE_CRON.test(expression);
}
