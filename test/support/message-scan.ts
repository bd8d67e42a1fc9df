import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/** A message a person may read, as its source writes it: interpolations become `{placeholder}`s. */
export interface FoundMessage {
  text: string;
  at: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return filesUnder(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** The literal texts an expression can evaluate to: both branches of `?:`, both sides of `||`/`??`. */
function literalsOf(e: ts.Expression): string[] {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isTemplateExpression(e)) {
    return [e.head.text + e.templateSpans.map((s, i) => `{p${i}}${s.literal.text}`).join('')];
  }
  if (ts.isParenthesizedExpression(e)) return literalsOf(e.expression);
  if (ts.isConditionalExpression(e)) return [...literalsOf(e.whenTrue), ...literalsOf(e.whenFalse)];
  if (ts.isBinaryExpression(e) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(e.operatorToken.kind)) {
    return [...literalsOf(e.left), ...literalsOf(e.right)];
  }
  return [];
}

/** The arguments of an AppError factory that hold words (not the field path, not the id). */
function wordArgs(method: string, args: readonly ts.Expression[]): readonly ts.Expression[] {
  switch (method) {
    case 'badInput':
      return args.slice(1, 2);
    case 'notFound':
      return args.slice(0, 1);
    default:
      return args.slice(0, 1);
  }
}

/**
 * Every error text in src/ that can reach a person through formatGraphQLError: the words given to AppError's
 * factories and constructor, RateLimitService.tooMany's, `message:` properties (class-validator options, the
 * referral state machine's and the category bounds' failures), `const message =` texts, defaults of `message`
 * parameters, and what `*Problem` functions return. Health checks answer operators, not case managers, and are left out.
 */
export function scanMessages(root: string): FoundMessage[] {
  const found: FoundMessage[] = [];
  for (const file of filesUnder(join(root, 'src'))) {
    const rel = relative(root, file);
    if (rel.startsWith(join('src', 'health'))) continue;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const add = (exprs: readonly ts.Expression[], node: ts.Node) => {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      for (const e of exprs) for (const text of literalsOf(e)) found.push({ text, at: `${rel}:${line}` });
    };
    let problemFunction = 0;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const target = node.expression.expression.getText(source);
        const method = node.expression.name.text;
        if (target === 'AppError') add(wordArgs(method, node.arguments), node);
        if (method === 'tooMany') add(node.arguments.slice(0, 1), node);
      }
      if (ts.isNewExpression(node) && node.expression.getText(source) === 'AppError') add((node.arguments ?? []).slice(1, 2), node);
      if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'message') add([node.initializer], node);
      if (ts.isVariableDeclaration(node) && node.name.getText(source) === 'message' && node.initializer) add([node.initializer], node);
      if (ts.isParameter(node) && node.name.getText(source) === 'message' && node.initializer) add([node.initializer], node);
      const isProblem = ts.isFunctionDeclaration(node) && /Problem$/.test(node.name?.text ?? '');
      if (isProblem) problemFunction += 1;
      if (problemFunction && ts.isReturnStatement(node) && node.expression) add([node.expression], node);
      ts.forEachChild(node, visit);
      if (isProblem) problemFunction -= 1;
    };
    visit(source);
  }
  return found;
}
