/** The web app's settings: the only module that reads `import.meta.env`. */
export const config = Object.freeze({
  graphqlPath: import.meta.env.VITE_GRAPHQL_PATH ?? '/graphql',
  /** `window.__ringscope` (the Cytoscape instance, layout timing) for e2e tests and the bench. */
  testHooks: import.meta.env.DEV || import.meta.env.MODE === 'test',
  /** Cytoscape's WebGL renderer where the browser has WebGL 2. */
  webgl: import.meta.env.VITE_WEBGL !== 'off',
});
