/**
 * A small evaluator for OrderCloud's approval RuleExpression language (shared/vendors/ordercloud.md, "RuleExpression
 * language"), as much as the sandbox's rules need: order fields and order.xp paths, comparisons (= <> < <= > >=),
 * and / or / not with parentheses, + - * /, 'strings', numbers, #6/15/2016# dates, items.any/all/count/quantity/total
 * with a line-item predicate, and order.approved('ruleID'). An expression outside this is refused when the rule is
 * created (a 400 naming RuleExpression), so a rule the sandbox keeps is one it can evaluate.
 */

type Value = number | string | boolean | null;

type Node =
  | { kind: "literal"; value: Value }
  | { kind: "path"; scope: "order" | "item"; path: string[] }
  | { kind: "unary"; op: "not" | "-"; operand: Node }
  | { kind: "binary"; op: string; left: Node; right: Node }
  | { kind: "items"; fn: "any" | "all" | "count" | "quantity" | "total"; filter: Node | null }
  | { kind: "approved"; ruleId: string };

export interface RuleContext {
  order: Record<string, unknown>;
  items: readonly Record<string, unknown>[];
  /** Rule IDs whose approval on this order is Approved. */
  approvedRules: ReadonlySet<string>;
}

export class RuleSyntaxError extends Error {}

type Token = { t: "num"; v: number } | { t: "str"; v: string } | { t: "date"; v: number } | { t: "id"; v: string } | { t: "op"; v: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      const m = /^\d*\.?\d+/.exec(source.slice(i))!;
      tokens.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (c === "'") {
      const end = source.indexOf("'", i + 1);
      if (end < 0) throw new RuleSyntaxError("a string is not closed with '");
      tokens.push({ t: "str", v: source.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (c === "#") {
      const end = source.indexOf("#", i + 1);
      const m = end < 0 ? null : /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(source.slice(i + 1, end).trim());
      if (!m) throw new RuleSyntaxError("a date must read #M/D/YYYY#");
      tokens.push({ t: "date", v: Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2])) });
      i = end + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ t: "id", v: m[0] });
      i += m[0].length;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === "<=" || two === ">=" || two === "<>") {
      tokens.push({ t: "op", v: two });
      i += 2;
      continue;
    }
    if ("=<>+-*/().,".includes(c)) {
      tokens.push({ t: "op", v: c });
      i++;
      continue;
    }
    throw new RuleSyntaxError(`unexpected '${c}'`);
  }
  return tokens;
}

const ITEM_FUNCTIONS = new Set(["any", "all", "count", "quantity", "total"]);

class Parser {
  private at = 0;
  private inFilter = false;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    if (this.at < this.tokens.length) throw new RuleSyntaxError(`unexpected '${String(this.tokens[this.at]!.v)}'`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }
  private isWord(word: string): boolean {
    const t = this.peek();
    return t?.t === "id" && t.v.toLowerCase() === word;
  }
  private isOp(op: string): boolean {
    const t = this.peek();
    return t?.t === "op" && t.v === op;
  }
  private expectOp(op: string): void {
    if (!this.isOp(op)) throw new RuleSyntaxError(`expected '${op}'`);
    this.at++;
  }

  private or(): Node {
    let left = this.and();
    while (this.isWord("or")) {
      this.at++;
      left = { kind: "binary", op: "or", left, right: this.and() };
    }
    return left;
  }
  private and(): Node {
    let left = this.not();
    while (this.isWord("and")) {
      this.at++;
      left = { kind: "binary", op: "and", left, right: this.not() };
    }
    return left;
  }
  private not(): Node {
    if (this.isWord("not")) {
      this.at++;
      return { kind: "unary", op: "not", operand: this.not() };
    }
    return this.comparison();
  }
  private comparison(): Node {
    const left = this.sum();
    const t = this.peek();
    if (t?.t === "op" && ["=", "<>", "<", "<=", ">", ">="].includes(t.v)) {
      this.at++;
      return { kind: "binary", op: t.v, left, right: this.sum() };
    }
    return left;
  }
  private sum(): Node {
    let left = this.product();
    while (this.isOp("+") || this.isOp("-")) {
      const op = String(this.tokens[this.at++]!.v);
      left = { kind: "binary", op, left, right: this.product() };
    }
    return left;
  }
  private product(): Node {
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/")) {
      const op = String(this.tokens[this.at++]!.v);
      left = { kind: "binary", op, left, right: this.unary() };
    }
    return left;
  }
  private unary(): Node {
    if (this.isOp("-")) {
      this.at++;
      return { kind: "unary", op: "-", operand: this.unary() };
    }
    return this.primary();
  }
  private dotted(first: string): string[] {
    const path = [first];
    while (this.isOp(".")) {
      this.at++;
      const t = this.peek();
      if (t?.t !== "id") throw new RuleSyntaxError("expected a field name after '.'");
      this.at++;
      path.push(t.v);
    }
    return path;
  }
  private primary(): Node {
    const t = this.peek();
    if (!t) throw new RuleSyntaxError("the expression ends too soon");
    this.at++;
    if (t.t === "num" || t.t === "date" || t.t === "str") return { kind: "literal", value: t.v };
    if (t.t === "op") {
      if (t.v !== "(") throw new RuleSyntaxError(`unexpected '${t.v}'`);
      const inner = this.or();
      this.expectOp(")");
      return inner;
    }
    const word = t.v.toLowerCase();
    if (word === "true" || word === "false") return { kind: "literal", value: word === "true" };
    if (word === "null") return { kind: "literal", value: null };
    if (this.inFilter) return { kind: "path", scope: "item", path: this.dotted(t.v) };
    if (word === "order") {
      this.expectOp(".");
      const field = this.peek();
      if (field?.t !== "id") throw new RuleSyntaxError("expected a field after 'order.'");
      this.at++;
      if (field.v.toLowerCase() === "approved") {
        this.expectOp("(");
        const rule = this.peek();
        if (rule?.t !== "str") throw new RuleSyntaxError("order.approved takes a rule ID in quotes");
        this.at++;
        this.expectOp(")");
        return { kind: "approved", ruleId: rule.v };
      }
      return { kind: "path", scope: "order", path: this.dotted(field.v) };
    }
    if (word === "items") {
      this.expectOp(".");
      const fn = this.peek();
      if (fn?.t !== "id" || !ITEM_FUNCTIONS.has(fn.v.toLowerCase())) throw new RuleSyntaxError("items. takes any, all, count, quantity or total");
      this.at++;
      this.expectOp("(");
      let filter: Node | null = null;
      if (!this.isOp(")")) {
        this.inFilter = true;
        try {
          filter = this.or();
        } finally {
          this.inFilter = false;
        }
      }
      this.expectOp(")");
      return { kind: "items", fn: fn.v.toLowerCase() as "any", filter };
    }
    throw new RuleSyntaxError(`'${t.v}' is not order.…, items.… or a value`);
  }
}

export interface CompiledRule {
  evaluate(context: RuleContext): boolean;
}

/** Parses once; throws RuleSyntaxError with a reason a person reads. */
export function compileRule(expression: string): CompiledRule {
  if (expression.length > 400) throw new RuleSyntaxError("a rule expression has at most 400 characters");
  const ast = new Parser(tokenize(expression)).parse();
  return { evaluate: (context) => truthy(evaluate(ast, context, null)) };
}

function readPath(record: Record<string, unknown>, path: readonly string[]): Value {
  let at: unknown = record;
  for (const key of path) {
    if (typeof at !== "object" || at === null) return null;
    const entry = Object.entries(at as Record<string, unknown>).find(([k]) => k.toLowerCase() === key.toLowerCase());
    at = entry?.[1];
  }
  if (typeof at === "string" && /^\d{4}-\d\d-\d\dT/.test(at)) return Date.parse(at);
  return typeof at === "number" || typeof at === "string" || typeof at === "boolean" ? at : null;
}

const truthy = (v: Value) => v === true || (typeof v === "number" && v !== 0) || (typeof v === "string" && v !== "");
const num = (v: Value) => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : NaN);

function compare(op: string, a: Value, b: Value): boolean {
  if (op === "=" || op === "<>") {
    const same = typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b || num(a) === num(b);
    return op === "=" ? same : !same;
  }
  const x = num(a);
  const y = num(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
}

function evaluate(node: Node, context: RuleContext, item: Record<string, unknown> | null): Value {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "path":
      return readPath(node.scope === "item" ? (item ?? {}) : context.order, node.path);
    case "approved":
      return context.approvedRules.has(node.ruleId);
    case "unary":
      return node.op === "not" ? !truthy(evaluate(node.operand, context, item)) : -num(evaluate(node.operand, context, item));
    case "binary": {
      if (node.op === "and") return truthy(evaluate(node.left, context, item)) && truthy(evaluate(node.right, context, item));
      if (node.op === "or") return truthy(evaluate(node.left, context, item)) || truthy(evaluate(node.right, context, item));
      const a = evaluate(node.left, context, item);
      const b = evaluate(node.right, context, item);
      if (node.op === "+") return typeof a === "string" || typeof b === "string" ? `${String(a)}${String(b)}` : num(a) + num(b);
      if (node.op === "-") return num(a) - num(b);
      if (node.op === "*") return num(a) * num(b);
      if (node.op === "/") return num(b) === 0 ? null : num(a) / num(b);
      return compare(node.op, a, b);
    }
    case "items": {
      const filter = node.filter;
      const matching = context.items.filter((line) => !filter || truthy(evaluate(filter, context, line)));
      if (node.fn === "any") return matching.length > 0;
      if (node.fn === "all") return matching.length === context.items.length;
      if (node.fn === "count") return matching.length;
      if (node.fn === "quantity") return matching.reduce((s, l) => s + (num(readPath(l, ["Quantity"])) || 0), 0);
      return matching.reduce((s, l) => s + (num(readPath(l, ["LineTotal"])) || 0), 0);
    }
  }
}
