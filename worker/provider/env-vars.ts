// Reading a provider's variables from the worker's bindings: an unset or blank variable takes
// its default, and a base URL loses its trailing slashes so paths can be appended with `/`.

/** The variable, trimmed; `fallback` when it is unset or blank. */
export function setting(value: string | undefined, fallback: string): string {
  const v = value?.trim();
  return v ? v : fallback;
}

/** A base URL without trailing slashes (`{base}/path` then never doubles a slash). */
export const baseUrl = (url: string): string => url.replace(/\/+$/, "");
