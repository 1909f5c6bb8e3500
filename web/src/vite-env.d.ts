/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Path of the GraphQL endpoint on the app's origin (default `/graphql`). */
  readonly VITE_GRAPHQL_PATH?: string;
  /** `off` keeps Cytoscape on its 2D canvas even where WebGL works. */
  readonly VITE_WEBGL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
