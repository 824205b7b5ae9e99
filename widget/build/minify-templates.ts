import ts from "typescript";
import type { Plugin } from "vite";

// Build-only: widget.js is mostly lit `css` and `html` template text, indented for people to read.
// The JS minifier leaves template literals alone, so this squeezes the whitespace (and CSS
// comments) out of them at build time. It walks the TypeScript AST rather than matching
// backticks, because templates nest inside each other's `${…}`.

/** CSS text with comments and needless whitespace removed (selectors' descendant spaces kept). */
export function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\s+/g, " ")
    .replace(/\s*([{};,>])\s*/g, "$1")
    .replace(/:\s+/g, ":")
    .replace(/;}/g, "}")
    .trim();
}

/**
 * HTML template text with each line break and its indentation collapsed to one space: the DOM
 * sees the same text (runs of spaces render as one; no `<pre>` in the widget).
 */
export function minifyHtml(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

type Part = ts.NoSubstitutionTemplateLiteral | ts.TemplateHead | ts.TemplateMiddle | ts.TemplateTail;

/** The source with every css`…` / html`…` / svg`…` literal part minified in place. */
export function minifyTemplates(source: string, fileName: string): string {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag)) {
      const tag = node.tag.text;
      const squeeze = tag === "css" ? minifyCss : tag === "html" || tag === "svg" ? minifyHtml : null;
      if (squeeze) {
        const t = node.template;
        const parts: Part[] = ts.isNoSubstitutionTemplateLiteral(t)
          ? [t]
          : [t.head, ...t.templateSpans.map((s) => s.literal)];
        for (const p of parts) {
          // Raw text between the delimiters: "`" or "}" before, "`" or "${" after.
          const start = p.getStart(file) + 1;
          const end =
            p.end -
            (p.kind === ts.SyntaxKind.TemplateHead || p.kind === ts.SyntaxKind.TemplateMiddle ? 2 : 1);
          const raw = source.slice(start, end);
          // CSS around an interpolation keeps its edge spaces: `a ${b} c` must not glue tokens.
          const text = tag === "css" && parts.length > 1 ? raw.replace(/\s+/g, " ") : squeeze(raw);
          if (text !== raw) edits.push({ start, end, text });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = source;
  for (const e of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Vite plugin: minifies the lit templates of the widget's own TypeScript sources. */
export function minifyLitTemplates(): Plugin {
  return {
    name: "agg-minify-lit-templates",
    apply: "build",
    transform(code, id) {
      if (!id.endsWith(".ts") || id.includes("node_modules") || !/\b(css|html|svg)`/.test(code)) return null;
      return { code: minifyTemplates(code, id), map: null };
    },
  };
}
