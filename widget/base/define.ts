/** Registers a custom element once; a tag already defined (widget.js loaded twice) is left as it is. */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
