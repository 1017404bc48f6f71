/**
 * The Grafana dashboards in grafana/, parsed, with the parts the tests look at: panels (also the
 * ones nested in collapsed rows), their PromQL targets, and the template variables.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GRAFANA_DIR = fileURLToPath(new URL('../../grafana', import.meta.url));

/** What every panel, target and query variable must use: the `datasource` variable, no fixed UID. */
export const DATASOURCE_REFERENCE = { type: 'prometheus', uid: '${datasource}' } as const;

export interface DatasourceReference {
  type?: string;
  uid?: string;
}

export interface Target {
  refId: string;
  expr?: string;
  datasource?: DatasourceReference;
  instant?: boolean;
  format?: string;
}

export interface DataLink {
  title: string;
  url: string;
  targetBlank?: boolean;
}

export interface Transformation {
  id: string;
  options?: { excludeByName?: Record<string, boolean> };
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: DatasourceReference;
  fieldConfig?: { defaults?: { unit?: string; noValue?: string; links?: DataLink[] }; overrides?: unknown[] };
  transformations?: Transformation[];
  targets?: Target[];
  /** Children of a collapsed row. */
  panels?: Panel[];
}

export interface Variable {
  name: string;
  type: string;
  query?: string | { query?: string };
  definition?: string;
  datasource?: DatasourceReference;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  hide?: number;
  description?: string;
  current?: { text?: string; value?: string };
}

/** A dashboard annotation: Grafana's built-in one, or a PromQL query on the datasource variable. */
export interface Annotation {
  name: string;
  builtIn?: number;
  datasource?: DatasourceReference;
  expr?: string;
  enable?: boolean;
  titleFormat?: string;
  textFormat?: string;
}

export interface Dashboard {
  uid: string;
  annotations: { list: Annotation[] };
  title: string;
  schemaVersion: number;
  tags: string[];
  panels: Panel[];
  templating: { list: Variable[] };
}

export interface DashboardFile {
  file: string;
  text: string;
  dashboard: Dashboard;
}

export const OVERVIEW_FILE = 'acr-subscription-overview.json';
export const REPOSITORY_FILE = 'acr-subscription-repository.json';

export function dashboardFileNames(): string[] {
  return readdirSync(GRAFANA_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

export function readDashboard(file: string): DashboardFile {
  const text = readFileSync(path.join(GRAFANA_DIR, file), 'utf8');
  return { file, text, dashboard: JSON.parse(text) as Dashboard };
}

/** Every panel, rows included, with the children of collapsed rows. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

/** Every panel that shows data (not a row). */
export function dataPanels(dashboard: Dashboard): Panel[] {
  return allPanels(dashboard).filter((panel) => panel.type !== 'row');
}

export interface PanelQuery {
  panel: Panel;
  target: Target;
  expr: string;
}

export function panelQueries(dashboard: Dashboard): PanelQuery[] {
  return dataPanels(dashboard).flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel, target, expr: target.expr ?? '' })));
}

export function variableQueryText(variable: Variable): string {
  return typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
}

/** `label_values(selector, label)` of a query variable, split; undefined for other query forms. */
export function parseLabelValues(query: string): { selector: string; label: string } | undefined {
  const match = /^\s*label_values\(\s*(.+),\s*([a-zA-Z_]\w*)\s*\)\s*$/s.exec(query);
  return match ? { selector: match[1] ?? '', label: match[2] ?? '' } : undefined;
}

/** The PromQL annotations of a dashboard (not Grafana's built-in one). */
export function annotationQueries(dashboard: Dashboard): Array<{ annotation: Annotation; expr: string }> {
  return dashboard.annotations.list.filter((annotation) => annotation.builtIn !== 1).map((annotation) => ({ annotation, expr: annotation.expr ?? '' }));
}

/** The `${__data.fields.NAME}` fields a data link URL or title refers to. */
export function dataLinkFields(text: string): string[] {
  return [...text.matchAll(/\$\{__data\.fields\.(\w+)\}/g)].map((match) => match[1] ?? '');
}

/** The dashboard variables a data link passes: `var-NAME=...` and `${NAME:queryparam}`. */
export function dataLinkVariables(url: string): string[] {
  const explicit = [...url.matchAll(/[?&]var-(\w+)=/g)].map((match) => match[1] ?? '');
  const queryParams = [...url.matchAll(/\$\{(\w+):queryparam\}/g)].map((match) => match[1] ?? '');
  return [...explicit, ...queryParams];
}
