import { defineConfig } from "vite";
import { minifyLitTemplates } from "./build/minify-templates.ts";

/** Library build: the whole widget as ONE ES module (dist/widget/widget.js), served by the worker. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [minifyLitTemplates()],
  build: {
    outDir: "../dist/widget",
    emptyOutDir: true,
    target: "es2022",
    minify: true,
    sourcemap: false,
    lib: { entry: "index.ts", formats: ["es"], fileName: () => "widget.js" },
    // Lib mode keeps whitespace in ES output (for downstream tree-shaking); widget.js is loaded
    // as-is by browsers, so minify it fully (42.7 → ~39 KB gzip).
    rolldownOptions: { output: { minify: true } },
  },
});
