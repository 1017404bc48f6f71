// Types of sync-embedded-files.mjs (a plain script, so it runs without a build).

export declare const CHART_FILES_DIR: string;
export declare const REQUIRED_SOURCES: readonly string[];

export interface EmbeddedFile {
  /** Repository-relative path of the source, e.g. grafana/acr-subscription-overview.json. */
  source: string;
  /** Repository-relative path of the chart's copy. */
  copy: string;
}

export interface EmbeddedFileDrift {
  kind: 'missing-source' | 'missing-copy' | 'differs' | 'orphan-copy';
  path: string;
}

export declare function listEmbeddedFiles(repoRoot?: string): EmbeddedFile[];
export declare function findDrift(repoRoot?: string): EmbeddedFileDrift[];
export declare function syncEmbeddedFiles(repoRoot?: string): string[];
