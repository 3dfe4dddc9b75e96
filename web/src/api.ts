// The JSON the server sends (src/render/json.cc), typed for the pages. Only the fields the
// pages use are listed; the API may carry more.

export interface SystemInfo {
  name: string;
  icb: string;
  ons_code?: string;
  region?: string;
  population?: number;
  established?: string;
  as_of?: string;
  file: string;
}

export interface Organisation {
  code: string;
  name: string;
  kind: string;
  foundation_trust?: boolean;
  la_type?: string;
  social_care?: boolean;
  responsible_local_authority?: boolean;
  pcn?: string;
  local_authority?: string;
  list_size?: number;
  in_area?: boolean;
  line?: number;
}

export interface Employment {
  org: string;
  role?: string;
  executive?: boolean;
  non_executive?: boolean;
  elected_member?: boolean;
}

export interface Person {
  id: string;
  name: string;
  employments: Employment[];
  line?: number;
}

export interface Seat {
  role: string;
  role_label: string;
  person: string;
  nominated_by?: string[];
  appointed_by?: string;
  approved_by?: string;
  deputy_chair?: boolean;
  senior_ned?: boolean;
  voting: boolean;
  line?: number;
}

export interface Quorum {
  count?: number;
  majority: boolean;
  requires: string[];
}

export interface Committee {
  id: string;
  name: string;
  kind: string;
  type: string;
  parent?: string;
  chair?: string;
  members: { person: string; voting: boolean }[];
  quorum: Quorum | null;
  partners?: string[];
  statutory_basis?: string;
  delegated_functions?: string[];
  line?: number;
}

export interface Icp {
  name: string;
  bodies: string[];
  members: { appointed_by: string; person?: string; role?: string }[];
  chair?: string;
  chair_selected_by: string[];
  quorum: Quorum | null;
  line?: number;
}

export interface Place {
  id: string;
  name: string;
  footprint: string[];
  population?: number;
  governance: string[];
  members: string[];
  convener?: string;
  committee?: string;
  lead_provider?: string;
  reports_to?: string;
  decision_making?: string;
  line?: number;
}

export interface Collaborative {
  id: string;
  name: string;
  members: string[];
  lead?: string;
  governance?: string;
  places: string[];
  line?: number;
}

export interface IcsSystem {
  system: SystemInfo;
  organisations: Organisation[];
  people: Person[];
  board: { seats: Seat[]; quorum: Quorum | null; meets_in_public?: boolean };
  committees: Committee[];
  icp: Icp | null;
  places: Place[];
  collaboratives: Collaborative[];
}

export type Severity = 'must' | 'expected' | 'advisory';

// A document a citation refers to.
export interface Source {
  key: string;
  title: string;
  url: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  citation: string;
  provenance: string;
  where: string;
  fix: string;
  sources?: Source[];
}

export interface NotCheckable {
  rule: string;
  area: string;
  severity: Severity;
  requirement: string;
  citation: string;
  provenance: string;
  because: string;
  sources?: Source[];
}

export interface ComplianceReport {
  system: string;
  file: string;
  as_of: string;
  rules_evaluated: number;
  rules_not_checkable: number;
  passed: boolean;
  summary: Record<Severity, number>;
  findings: Finding[];
  not_checkable: NotCheckable[];
}

export interface DefinitionVersion {
  id: number;
  file: string;
  imported_at: string;
  bytes: number;
  current: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function get(path: string): Promise<Response> {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body?.error?.message) message = body.error.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, `${path}: ${message}`);
  }
  return response;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await get(path)).json() as Promise<T>;
}

export async function getText(path: string): Promise<string> {
  return (await get(path)).text();
}

export const loadSystem = () => getJson<IcsSystem>('/api/v1/system');
export const loadCompliance = () => getJson<ComplianceReport>('/api/v1/compliance');
export const loadDefinitionText = () => getText('/api/v1/definition');
export const loadVersions = () => getJson<{ versions: DefinitionVersion[] }>('/api/v1/versions');

// The signed-in user, from GET /api/v1/session. Anonymous visitors have only "public".
export interface Session {
  signed_in: boolean;
  user?: string;
  display_name?: string;
  roles: string[];
  csrf?: string;
}

const anonymous: Session = { signed_in: false, roles: ['public'] };

export async function loadSession(): Promise<Session> {
  try {
    return await getJson<Session>('/api/v1/session');
  } catch {
    return anonymous;
  }
}

let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

// Sends a state-changing request as JSON with the session's CSRF token; throws ApiError
// with the server's message when it fails.
export async function send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  if (!response.ok) {
    const message = (json as { error?: { message?: string } } | null)?.error?.message
      ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return json as T;
}
