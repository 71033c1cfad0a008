// @ts-check
// Small builders for DOM and SVG nodes, so the views read as a tree of what they draw.

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * @typedef {Record<string, string | number | boolean | null | undefined>} Attrs
 * @typedef {Node | string | null | undefined | false} Child
 */

/** @param {Element} node @param {Attrs} attrs @param {Child[]} children */
function fill(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

/**
 * An HTML element.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {Attrs} [attrs] @param {Child[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, children = []) {
  return /** @type {HTMLElementTagNameMap[K]} */ (fill(document.createElement(tag), attrs, children));
}

/**
 * An SVG element.
 * @param {string} tag @param {Attrs} [attrs] @param {Child[]} [children]
 * @returns {SVGElement}
 */
export function s(tag, attrs = {}, children = []) {
  return /** @type {SVGElement} */ (fill(document.createElementNS(SVG_NS, tag), attrs, children));
}

/** A tooltip for an SVG shape. @param {string} text */
export function title(text) {
  return s("title", {}, [text]);
}

/** @param {Element} node @param {Child[]} children */
export function replace(node, ...children) {
  node.replaceChildren(...children.filter(/** @returns {c is Node | string} */ (c) => c !== null && c !== undefined && c !== false));
}

/** A steady colour per badge id, spread around the hue circle. @param {string} id */
export function colourFor(id) {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  return `hsl(${(hash >>> 0) % 360} 65% 42%)`;
}
