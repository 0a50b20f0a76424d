/**
 * cdktf's HCL writer quotes the entries of `depends_on` and `lifecycle.ignore_changes`
 * (`"aws_s3_bucket.x"`), which Terraform warns about as deprecated quoted references.
 * Unquotes them: only inside those two lists, only entries that are plain traversals.
 */
const LIST_START = /^(\s*)(depends_on|ignore_changes)\s*=\s*\[\s*$/;
const ONE_LINE_LIST = /^(\s*)(depends_on|ignore_changes)(\s*=\s*)\[(.*)\]\s*$/;
const QUOTED_ENTRY = /^(\s*)"([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*)"(,?)\s*$/;
const REFERENCE = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

export function unquoteReferences(text: string, file = 'HCL'): { readonly text: string; readonly count: number } {
  let count = 0;
  let inList = false;
  const lines = text.split('\n').map((line, i) => {
    if (inList) {
      if (/^\s*\]\s*$/.test(line)) {
        inList = false;
        return line;
      }
      const quoted = QUOTED_ENTRY.exec(line);
      if (quoted) {
        count += 1;
        return `${quoted[1] ?? ''}${quoted[2] ?? ''}${quoted[3] ?? ''}`;
      }
      if (/^\s*[A-Za-z_][A-Za-z0-9_.-]*,?\s*$/.test(line)) return line;
      throw new Error(`${file}:${i + 1}: unexpected entry in a depends_on/ignore_changes list: ${line.trim()}`);
    }
    if (LIST_START.test(line)) {
      inList = true;
      return line;
    }
    const oneLine = ONE_LINE_LIST.exec(line);
    if (oneLine) {
      const items = (oneLine[4] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const unquoted = items.map((item) => {
        const inner = /^"(.*)"$/.exec(item)?.[1];
        if (inner !== undefined && REFERENCE.test(inner)) {
          count += 1;
          return inner;
        }
        return item;
      });
      return `${oneLine[1] ?? ''}${oneLine[2] ?? ''}${oneLine[3] ?? ''}[${unquoted.join(', ')}]`;
    }
    return line;
  });
  if (inList) throw new Error(`${file}: a depends_on/ignore_changes list is not closed`);
  return { text: lines.join('\n'), count };
}
