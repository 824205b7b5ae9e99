// Loads a chunk of elements only once a page needs one of its tags. widget.js stays small for the
// booking pages every user opens, while the admin elements arrive on the Admin pages that use them.
// A custom element can't be redefined, so there is no placeholder class: the tags stay undefined
// until the chunk defines them, and the browser then upgrades every existing element in place.
// Lit re-applies properties a host set on an element before its upgrade (ReactiveElement saves
// own instance properties in its constructor), so attributes, properties and events behave as if
// the element had been defined from the start.

/**
 * Calls `load()` once, the first time one of `tags` appears in the document (already there, added
 * later) or a host asks `customElements.whenDefined()` for one. A failed load is retried on the
 * next trigger with the next `attempt` number: browsers remember a failed module URL, so `load`
 * must vary the URL by attempt. Tags inside a host's own shadow roots are not observed: call the
 * returned function (it resolves once the tags are defined, rejects if the load failed).
 */
export function lazyDefine(
  tags: readonly string[],
  load: (attempt: number) => Promise<unknown>,
): () => Promise<void> {
  const selector = tags.join(",");
  let loading: Promise<void> | null = null;
  let attempt = 0;
  let observer: MutationObserver | null = null;
  const start = (): Promise<void> => {
    loading ??= load(attempt++).then(
      () => observer?.disconnect(),
      (err: unknown) => {
        loading = null; // a network blip must not leave the tags undefined for good
        throw err;
      },
    );
    return loading;
  };
  const trigger = (): void => {
    start().catch((err: unknown) => console.error("AGG SMART widget: could not load", selector, err));
  };
  if (tags.every((t) => customElements.get(t))) return start; // widget.js loaded twice: done already

  const registry = customElements;
  const whenDefined = registry.whenDefined.bind(registry);
  // A host may wait for a tag before creating it; without this the wait would never end.
  registry.whenDefined = (name: string) => {
    if (tags.includes(name)) trigger();
    return whenDefined(name);
  };

  const has = (n: Node): boolean =>
    n instanceof Element && (n.matches(selector) || !!n.querySelector(selector));
  observer = new MutationObserver((records) => {
    if (records.some((r) => [...r.addedNodes].some(has))) trigger();
  });
  observer.observe(document, { childList: true, subtree: true });
  if (document.querySelector(selector)) trigger();
  return start;
}
