// Built by vite.config.ts (i18nCore): the public pages' part of a language's catalogue.
declare module 'virtual:i18n-core/*' {
  const catalogue: Record<string, unknown>;
  export default catalogue;
}
