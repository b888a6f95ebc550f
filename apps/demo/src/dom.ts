/** A tiny, typed DOM builder: no innerHTML anywhere, so user text can never become markup. */

/** Child values accepted by {@link h}: nodes, text, or nothing. */
export type Child = Node | string | number | null | undefined | false;

/** Attributes accepted by {@link h}: strings, booleans (present/absent), or event listeners (`on<event>`). */
export type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Creates an element with attributes and children. `class`, `aria-*`, `data-*` are plain attributes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, ...children);
  return el;
}

/** Appends children, skipping empty ones. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** Looks up a required element by id; throws naming the id when it is missing. */
export function byId<T extends HTMLElement>(root: ParentNode, id: string, type: new () => T): T {
  const el = root.querySelector(`#${id}`);
  if (!(el instanceof type)) {
    throw new Error(`demo: element #${id} is missing or not a ${type.name}`);
  }
  return el;
}
