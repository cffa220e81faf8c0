// .hbs files are imported as their text (esbuild's text loader in scripts/build.mjs,
// the mfc-text-templates plugin in vitest.config.ts).
declare module '*.hbs' {
  const text: string;
  export default text;
}
