// The pages of the app: where each lives, which roles see it, and how it renders. The
// header's navigation is built from this list, showing each signed-in user only the
// pages their roles allow (the server enforces the same roles on the API).
import type { Session } from './api';

export interface PageContext {
  session: Session;
  // Path parameters of a pattern page, e.g. { code: 'RTG' } for /oversight/{code}.
  params: Record<string, string>;
}

export interface PageDefinition {
  id: string;
  // An exact path ("/compliance") or a pattern with {name} segments ("/metrics/{org}").
  path: string;
  // The label in the header's navigation; pages without one are reached by links.
  nav?: string;
  // Roles that may see the page; 'public' means everyone, signed in or not.
  roles: string[];
  render(root: HTMLElement, context: PageContext): Promise<void> | void;
}

const registry: PageDefinition[] = [];

export function registerPage(page: PageDefinition): void {
  registry.push(page);
}

export function pages(): readonly PageDefinition[] {
  return registry;
}

export function allows(page: PageDefinition, session: Session): boolean {
  return page.roles.includes('public') || (session.signed_in && page.roles.some((r) => session.roles.includes(r)));
}

function normalise(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}

// The page for a location path, with its parameters.
export function match(pathname: string): { page: PageDefinition; params: Record<string, string> } | null {
  const want = normalise(pathname === '/index.html' ? '/' : pathname).split('/');
  for (const page of registry) {
    const have = normalise(page.path).split('/');
    if (have.length !== want.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < have.length && ok; i++) {
      const m = /^\{(\w+)\}$/.exec(have[i]);
      if (m && want[i] !== '') params[m[1]] = decodeURIComponent(want[i]);
      else if (have[i] !== want[i]) ok = false;
    }
    if (ok) return { page, params };
  }
  return null;
}
