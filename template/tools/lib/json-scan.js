/**
 * json-scan.js: what JSON.parse does not say about a JSON text, found in one linear pass without
 * recursion (a 100 000-deep array costs no stack): how deep it nests, and which object keys
 * appear twice (JSON.parse keeps the last silently; the platform's PHP does the same, so the
 * first one is dead text, and tools reading the first one disagree with the CRM).
 *
 *   scanJson(text) -> {depth: number, duplicates: [{key, offset, first}]}
 *     offset / first: 0-based offsets of the repeated key's opening quote and of its first use.
 *   Meant for a text JSON.parse accepted; on other text it returns what it saw, never throws.
 *
 *   lineIndex(text) -> (offset) => {line, col}   1-based; built once per text, O(log n) a lookup,
 *                                                 so thousands of problems in one file cost
 *                                                 linear time, not quadratic.
 */
'use strict';

function scanJson(text) {
  const stack = []; // per open container: null for an array, {keys: Map, expectKey} for an object
  const duplicates = [];
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) { // a string: find its end, honouring escapes
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) j += 2;
        else if (d === 0x22) break;
        else j += 1;
      }
      const top = stack[stack.length - 1];
      if (top && top.expectKey) {
        let key;
        try {
          key = JSON.parse(text.slice(i, j + 1));
        } catch {
          key = text.slice(i + 1, j);
        }
        if (top.keys.has(key)) duplicates.push({ key, offset: i, first: top.keys.get(key) });
        else top.keys.set(key, i);
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b) { // {
      stack.push({ keys: new Map(), expectKey: true });
      if (stack.length > depth) depth = stack.length;
    } else if (c === 0x5b) { // [
      stack.push(null);
      if (stack.length > depth) depth = stack.length;
    } else if (c === 0x7d || c === 0x5d) { // } ]
      stack.pop();
    } else if (c === 0x2c) { // ,
      const top = stack[stack.length - 1];
      if (top) top.expectKey = true;
    }
    i += 1;
  }
  return { depth, duplicates };
}

function lineIndex(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1 };
  };
}

module.exports = { scanJson, lineIndex };
