/** The origin widget.js was served from: the default API base, so hosts need no configuration. */
export const SCRIPT_ORIGIN: string = new URL(import.meta.url).origin;
