// The module specifiers one TypeScript source imports: `import … from`, `import '…'`,
// `export … from`, `import('…')` and `new URL('…', import.meta.url)` (how the tools start
// workers). A small tokenizer rather than regular expressions over the text, so an `import`
// inside a comment, a string, a template or a regular expression is not mistaken for one.
// (The TypeScript in node_modules is tsgo, a native binary with no parser API to call.)

type Token = { kind: 'word' | 'punct'; text: string } | { kind: 'string'; value: string };

/** Keywords after which a `/` starts a regular expression rather than a division. */
const BEFORE_EXPRESSION = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);

function isWordChar(ch: string): boolean {
  return /[\w$]/.test(ch);
}

/** Identifiers, punctuation and string values; comments, templates' text and regular expressions dropped. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  // One entry per open template `${`: the brace depth at which its `}` resumes the template.
  const templateDepths: number[] = [];
  let braceDepth = 0;
  let i = 0;

  const regexAllowed = (): boolean => {
    const last = tokens.at(-1);
    if (last === undefined) return true;
    if (last.kind === 'string') return false;
    if (last.kind === 'word') return BEFORE_EXPRESSION.has(last.text);
    return !')]}'.includes(last.text);
  };

  // Skips a template's text from just after its opening backtick (or a `}` closing a `${`).
  const skipTemplate = (): void => {
    while (i < source.length) {
      const ch = source[i];
      if (ch === '\\') i += 2;
      else if (ch === '`') {
        i++;
        tokens.push({ kind: 'string', value: '' });
        return;
      } else if (ch === '$' && source[i + 1] === '{') {
        i += 2;
        templateDepths.push(braceDepth);
        braceDepth++;
        return;
      } else i++;
    }
  };

  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) i++;
    else if (source.startsWith('//', i)) i = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i);
    else if (source.startsWith('/*', i)) i = source.indexOf('*/', i + 2) === -1 ? source.length : source.indexOf('*/', i + 2) + 2;
    else if (ch === '"' || ch === "'") {
      let value = '';
      i++;
      while (i < source.length && source[i] !== ch && source[i] !== '\n') {
        if (source[i] === '\\') i++;
        value += source[i];
        i++;
      }
      i++;
      tokens.push({ kind: 'string', value });
    } else if (ch === '`') {
      i++;
      skipTemplate();
    } else if (ch === '/' && regexAllowed()) {
      let inClass = false;
      i++;
      while (i < source.length && source[i] !== '\n' && (inClass || source[i] !== '/')) {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        i++;
      }
      i++;
      while (isWordChar(source[i] ?? '')) i++; // flags
      tokens.push({ kind: 'string', value: '' });
    } else if (isWordChar(ch)) {
      const start = i;
      while (i < source.length && isWordChar(source[i])) i++;
      tokens.push({ kind: 'word', text: source.slice(start, i) });
    } else {
      i++;
      if (ch === '{') braceDepth++;
      else if (ch === '}') {
        braceDepth--;
        if (templateDepths.at(-1) === braceDepth) {
          templateDepths.pop();
          skipTemplate();
          continue;
        }
      }
      tokens.push({ kind: 'punct', text: ch });
    }
  }
  return tokens;
}

function isWord(token: Token | undefined, text: string): boolean {
  return token?.kind === 'word' && token.text === text;
}

function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

/** Every module specifier `source` imports, in order of appearance. */
export function importSpecifiers(source: string): string[] {
  const tokens = tokenize(source);
  const specifiers: string[] = [];
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    const next = tokens[t + 1];
    const afterDot = isPunct(tokens[t - 1], '.');
    if (afterDot) continue;
    if (isWord(token, 'import') && isPunct(next, '(')) {
      const argument = tokens[t + 2];
      if (argument?.kind === 'string') specifiers.push(argument.value);
    } else if (isWord(token, 'import') && next?.kind === 'string') {
      specifiers.push(next.value);
    } else if ((isWord(token, 'import') && !isPunct(next, '.')) || (isWord(token, 'export') && (isPunct(next, '{') || isPunct(next, '*') || isWord(next, 'type')))) {
      // `import … from '…'` / `export { … } from '…'`: the clause holds names and braces only.
      for (let u = t + 1; u < tokens.length && !isPunct(tokens[u], ';'); u++) {
        const clause = tokens[u];
        if (clause.kind === 'string') {
          if (isWord(tokens[u - 1], 'from')) specifiers.push(clause.value);
          break;
        }
        if (clause.kind === 'word' && ['const', 'function', 'class', 'let', 'var', 'interface', 'enum', 'import', 'export'].includes(clause.text)) break;
      }
    } else if (isWord(token, 'new') && isWord(next, 'URL') && isPunct(tokens[t + 2], '(')) {
      const [argument, comma, meta1, dot1, meta2, dot2, url] = tokens.slice(t + 3, t + 10);
      const importMetaUrl =
        isPunct(comma, ',') && isWord(meta1, 'import') && isPunct(dot1, '.') && isWord(meta2, 'meta') && isPunct(dot2, '.') && isWord(url, 'url');
      if (argument?.kind === 'string' && importMetaUrl) specifiers.push(argument.value);
    }
  }
  return specifiers;
}
