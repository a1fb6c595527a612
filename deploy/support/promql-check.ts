import { parser } from '@prometheus-io/lezer-promql';
import type { MetricCatalogue } from './metric-catalogue';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** What a PromQL expression uses of the metrics, and the labels its result series carry. */
export interface PromqlCheck {
  /** Each a sentence: a syntax error, a metric or label the code does not register. */
  problems: string[];
  metrics: Set<string>;
  /** Labels of the result series (what `{{ $labels.x }}` or a legend's `{{x}}` can show). */
  resultLabels: Set<string>;
}

const EXPRESSIONS = new Set([
  'AggregateExpr',
  'BinaryExpr',
  'FunctionCall',
  'MatrixSelector',
  'NumberDurationLiteral',
  'OffsetExpr',
  'ParenExpr',
  'StringLiteral',
  'SubqueryExpr',
  'UnaryExpr',
  'VectorSelector',
  'StepInvariantExpr',
]);

/** Functions whose result has no labels of their argument. */
const LABELLESS_FUNCTIONS = new Set(['vector', 'scalar', 'time', 'absent', 'absent_over_time', 'pi']);

/**
 * Parses `expression` with Prometheus' own grammar and checks every metric name and label it
 * names (selectors, `by`/`without`, `on`/`ignoring`/`group_left`) against `catalogue`.
 */
export function checkPromql(expression: string, catalogue: MetricCatalogue): PromqlCheck {
  const problems: string[] = [];
  const metrics = new Set<string>();
  const text = (node: SyntaxNode) => expression.slice(node.from, node.to);

  parser.parse(expression).iterate({
    enter: (node) => {
      if (node.type.isError)
        problems.push(`syntax error at ${node.from}: "${expression.slice(node.from, node.from + 20)}"`);
    },
  });

  const labelsOf = (node: SyntaxNode | null): Set<string> => {
    if (!node) return new Set();
    switch (node.name) {
      case 'PromQL':
      case 'ParenExpr':
      case 'UnaryExpr':
      case 'OffsetExpr':
      case 'SubqueryExpr':
      case 'MatrixSelector':
      case 'StepInvariantExpr':
        return labelsOf(expressionsIn(node)[0] ?? null);
      case 'VectorSelector':
        return selector(node);
      case 'FunctionCall':
        return functionCall(node);
      case 'AggregateExpr':
        return aggregate(node);
      case 'BinaryExpr':
        return binary(node);
      default:
        return new Set();
    }
  };

  const selector = (node: SyntaxNode): Set<string> => {
    const identifier = node.getChild('Identifier');
    const matchers = node.getChild('LabelMatchers');
    const matched = matchers ? descendants(matchers, 'LabelName') : [];
    const nameMatcher = matched.find((label) => text(label) === '__name__');
    const name = identifier
      ? text(identifier)
      : nameMatcher
        ? (JSON.parse(text(nameMatcher.parent!.getChild('StringLiteral')!)) as string)
        : undefined;
    if (!name) {
      problems.push(`selector without a metric name: ${text(node)}`);
      return new Set();
    }
    metrics.add(name);
    const known = catalogue.get(name);
    if (!known) {
      problems.push(`metric ${name} is not registered by the code`);
      return new Set();
    }
    for (const label of matched.map(text)) {
      if (label !== '__name__' && !known.has(label)) problems.push(`metric ${name} has no label ${label}`);
    }
    return new Set(known);
  };

  const functionCall = (node: SyntaxNode): Set<string> => {
    const name = text(node.getChild('FunctionIdentifier')!);
    const args = expressionsIn(node.getChild('FunctionCallBody')!);
    const labels = args.map(labelsOf);
    if (LABELLESS_FUNCTIONS.has(name)) return new Set();
    if (name === 'histogram_quantile') return without(labels[labels.length - 1], ['le']);
    if (name === 'label_replace') return new Set([...labels[0], JSON.parse(text(args[1])) as string]);
    return union(...labels);
  };

  const aggregate = (node: SyntaxNode): Set<string> => {
    const args = expressionsIn(node.getChild('FunctionCallBody')!);
    const inner = labelsOf(args[args.length - 1] ?? null);
    const modifier = node.getChild('AggregateModifier');
    if (!modifier)
      return ['topk', 'bottomk', 'limitk'].includes(text(node.getChild('AggregateOp')!)) ? inner : new Set();
    const grouping = descendants(modifier, 'LabelName').map(text);
    for (const label of grouping) {
      if (!inner.has(label))
        problems.push(`"${text(modifier)}" names ${label}, which the aggregated series do not carry`);
    }
    return modifier.getChild('Without') ? without(inner, grouping) : new Set(grouping);
  };

  const binary = (node: SyntaxNode): Set<string> => {
    const [left, right] = expressionsIn(node);
    const leftLabels = labelsOf(left);
    const rightLabels = labelsOf(right);
    const matching = node.getChild('MatchingModifierClause');
    if (matching) {
      const both = union(leftLabels, rightLabels);
      for (const label of descendants(matching, 'LabelName').map(text)) {
        if (!both.has(label)) problems.push(`"${text(matching)}" names ${label}, which neither side carries`);
      }
    }
    if (left?.name === 'NumberDurationLiteral') return rightLabels;
    return leftLabels;
  };

  const resultLabels = labelsOf(parser.parse(expression).topNode);
  return { problems, metrics, resultLabels };
}

function expressionsIn(node: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (EXPRESSIONS.has(child.name)) found.push(child);
  }
  return found;
}

function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor = node.cursor();
  const end = node.to;
  if (!cursor.firstChild()) return found;
  do {
    if (cursor.from >= end) break;
    if (cursor.name === name) found.push(cursor.node);
  } while (cursor.next() && cursor.from < end);
  return found;
}

function union(...sets: Set<string>[]): Set<string> {
  return new Set(sets.flatMap((set) => [...set]));
}

function without(set: Set<string> | undefined, labels: string[]): Set<string> {
  return new Set([...(set ?? [])].filter((label) => !labels.includes(label)));
}
