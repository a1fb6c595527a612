import ts from 'typescript';

/**
 * The package name that replaces a monorepo alias (`@app/saga-core` → `@saga-orchestrator/saga-core`),
 * or undefined when `specifier` is not one of `aliases` (a relative path, a third-party package, or
 * an alias that is not published: the caller reports what is left).
 */
export function publishedSpecifier(
  specifier: string,
  aliases: ReadonlyMap<string, string>,
): string | undefined {
  return aliases.get(specifier);
}

/**
 * A transformer for both the emitted JavaScript (`after`: the `require("@app/…")` calls the
 * CommonJS emit wrote) and the declarations (`afterDeclarations`: `import`/`export … from` and
 * inferred `import("@app/…").X` types), so nothing published names a path that only the
 * monorepo's tsconfig can resolve. Every package name it writes is added to `used`.
 */
export function aliasRewriter(
  aliases: ReadonlyMap<string, string>,
  used: Set<string>,
): ts.TransformerFactory<ts.SourceFile | ts.Bundle> {
  return (context) => {
    const { factory } = context;
    const replacement = (literal: ts.Node): ts.StringLiteral | undefined => {
      if (!ts.isStringLiteral(literal)) return undefined;
      const published = publishedSpecifier(literal.text, aliases);
      if (published === undefined) return undefined;
      used.add(published);
      return factory.createStringLiteral(published);
    };
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isImportDeclaration(node)) {
        const specifier = replacement(node.moduleSpecifier);
        if (specifier)
          return factory.updateImportDeclaration(
            node,
            node.modifiers,
            node.importClause,
            specifier,
            node.attributes,
          );
      } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
        const specifier = replacement(node.moduleSpecifier);
        if (specifier)
          return factory.updateExportDeclaration(
            node,
            node.modifiers,
            node.isTypeOnly,
            node.exportClause,
            specifier,
            node.attributes,
          );
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
        const specifier = replacement(node.argument.literal);
        if (specifier)
          return factory.updateImportTypeNode(
            node,
            factory.updateLiteralTypeNode(node.argument, specifier),
            node.attributes,
            node.qualifier ? (ts.visitNode(node.qualifier, visit) as ts.EntityName) : undefined,
            ts.visitNodes(node.typeArguments, visit, ts.isTypeNode),
            node.isTypeOf,
          );
      } else if (ts.isCallExpression(node) && isModuleCall(node) && node.arguments.length === 1) {
        const specifier = replacement(node.arguments[0]);
        if (specifier)
          return factory.updateCallExpression(node, node.expression, node.typeArguments, [specifier]);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (file) => (ts.isSourceFile(file) ? (ts.visitNode(file, visit) as ts.SourceFile) : file);
  };
}

function isModuleCall(call: ts.CallExpression): boolean {
  return (
    call.expression.kind === ts.SyntaxKind.ImportKeyword ||
    (ts.isIdentifier(call.expression) && call.expression.text === 'require')
  );
}
