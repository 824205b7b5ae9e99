import { defineConfig } from "vite";
import { minifyLitTemplates } from "./build/minify-templates.ts";

/**
 * Library builds of the widget into dist/widget, served by the worker: `widget.js` (every page:
 * the staff elements and the admin loader) and, with `--mode admin`, `widget-admin.js` (the admin
 * elements, loaded by widget.js on demand).
 *
 * widget-admin.js is a self-contained second build, not a chunk split off widget.js: a split chunk
 * would import widget.js's internal (minified) exports, so a page still running a cached widget.js
 * from the last deploy that fetches the new chunk would fail to link. Self-contained, the two files
 * only share the tag names; the price is a second copy of lit + base (~8 KB gzip) on admin pages.
 * Stable names, no hashes: the worker serves each with a strong ETag, so a deploy reaches hosts
 * within the 5-minute max-age and repeat loads cost a 304.
 */
export default defineConfig(({ mode }) => {
  const admin = mode === "admin";
  return {
    root: import.meta.dirname,
    plugins: [minifyLitTemplates()],
    build: {
      outDir: "../dist/widget",
      emptyOutDir: !admin, // the admin build runs second and keeps widget.js
      target: "es2022",
      minify: true,
      sourcemap: false,
      lib: admin
        ? { entry: "admin.ts", formats: ["es"], fileName: () => "widget-admin.js" }
        : { entry: "index.ts", formats: ["es"], fileName: () => "widget.js" },
      // Lib mode keeps whitespace in ES output (for downstream tree-shaking); the files are loaded
      // as-is by browsers, so minify them fully.
      rolldownOptions: { output: { minify: true } },
    },
  };
});
