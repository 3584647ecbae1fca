/** Reading PostgreSQL plans (EXPLAIN (FORMAT JSON)) in tests. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Every node of a plan, depth first. */
export const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

/** A plan's nodes as "Node Type on relation using index", one a line, for a readable failure. */
export const planText = (node: PlanNode, depth = 0): string =>
  [
    `${'  '.repeat(depth)}${node['Node Type']}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`,
    ...(node.Plans ?? []).map((child) => planText(child, depth + 1)),
  ].join('\n');
