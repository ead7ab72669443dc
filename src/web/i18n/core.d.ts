// Built by vite.config.ts (i18nParts): the public pages' part of a language's catalogue.
declare module 'virtual:i18n-core/*' {
  const catalogue: Record<string, unknown>;
  export default catalogue;
}

// Built by vite.config.ts (i18nParts): what the signed-in frame and the home pages use.
declare module 'virtual:i18n-shell/*' {
  const catalogue: Record<string, unknown>;
  export default catalogue;
}
