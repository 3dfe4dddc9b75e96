// A tiny DOM builder: text is always set as text, never parsed as HTML.

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes | null = null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (attributes) {
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') element.className = String(value);
      else element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function visuallyHidden(text: string): HTMLSpanElement {
  return h('span', { class: 'nhsuk-u-visually-hidden' }, text);
}

const numberFormat = new Intl.NumberFormat('en-GB');
export const formatNumber = (n: number) => numberFormat.format(n);

// "2025-06-30" -> "30 June 2025"
export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'];
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
}

// A table in the NHS design system's style. `rowHeader` makes the first cell a row header.
export interface TableOptions {
  id: string;
  caption: string;
  captionSize?: 's' | 'm';
  headers: string[];
  numeric?: boolean[];
  rows: (Child | Child[])[][];
  rowHeader?: boolean;
  rowAttributes?: (index: number) => Attributes;
}

export function table(options: TableOptions): HTMLElement {
  const captionId = `${options.id}-caption`;
  const head = h('thead', { class: 'nhsuk-table__head' },
    h('tr', { class: 'nhsuk-table__row' },
      options.headers.map((text, i) =>
        h('th', {
          class: `nhsuk-table__header${options.numeric?.[i] ? ' nhsuk-table__header--numeric' : ''}`,
          scope: 'col',
        }, text))));
  const body = h('tbody', { class: 'nhsuk-table__body' },
    options.rows.map((cells, r) =>
      h('tr', { class: 'nhsuk-table__row', ...(options.rowAttributes?.(r) ?? {}) },
        cells.map((cell, i) => {
          const numeric = options.numeric?.[i] ? ' nhsuk-table__cell--numeric' : '';
          return options.rowHeader && i === 0
            ? h('th', { class: 'nhsuk-table__header', scope: 'row' }, cell)
            : h('td', { class: `nhsuk-table__cell${numeric}` }, cell);
        }))));
  const tableElement = h('table', { class: 'nhsuk-table', id: options.id },
    h('caption', { class: `nhsuk-table__caption nhsuk-table__caption--${options.captionSize ?? 'm'}`, id: captionId },
      options.caption),
    head, body);
  // A scrolling region that keyboard users can reach, for tables wider than the screen.
  return h('div', { class: 'app-table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: 0 },
    tableElement);
}

export function summaryList(rows: [string, Child | Child[]][]): HTMLDListElement {
  return h('dl', { class: 'nhsuk-summary-list' },
    rows.map(([key, value]) =>
      h('div', { class: 'nhsuk-summary-list__row' },
        h('dt', { class: 'nhsuk-summary-list__key' }, key),
        h('dd', { class: 'nhsuk-summary-list__value' }, value))));
}

export function tag(text: string, colour?: string): HTMLElement {
  return h('strong', { class: `nhsuk-tag${colour ? ` nhsuk-tag--${colour}` : ''}` }, text);
}
