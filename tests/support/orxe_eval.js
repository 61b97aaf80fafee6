// Evaluates expressions with Enketo's openrosa-xpath-evaluator (the ODK XPath of Enketo and KoboToolbox) under
// node, for tests/test_expr_odk.py. Node has no DOM: the evaluator's own parser handles every function call and
// literal, and a stub stands in for the browser's XPathEvaluator, which such expressions never reach.
// Usage: ORXE_DIR=<dir holding node_modules> node orxe_eval.js < expressions.json  → [{t, v} | {error}]
const path = require('path');
const dir = process.env.ORXE_DIR;
global.XPathResult = {
  ANY_TYPE: 0, NUMBER_TYPE: 1, STRING_TYPE: 2, BOOLEAN_TYPE: 3, UNORDERED_NODE_ITERATOR_TYPE: 4,
  ORDERED_NODE_ITERATOR_TYPE: 5, UNORDERED_NODE_SNAPSHOT_TYPE: 6, ORDERED_NODE_SNAPSHOT_TYPE: 7,
  ANY_UNORDERED_NODE_TYPE: 8, FIRST_ORDERED_NODE_TYPE: 9,
};
global.Node = class {};
Object.assign(global.Node, { ATTRIBUTE_NODE: 2, ELEMENT_NODE: 1, TEXT_NODE: 3, DOCUMENT_NODE: 9 });
global.XPathEvaluator = class {
  evaluate() { throw new Error('needs a document'); }
  createExpression() { throw new Error('needs a document'); }
};
const OpenRosaXPath = require(path.join(dir, 'node_modules', 'openrosa-xpath-evaluator'));
const evaluator = OpenRosaXPath();
const doc = { nodeType: 9, ownerDocument: null };
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = input.map(([expr, type]) => {
  try {
    const rt = { number: 1, string: 2, boolean: 3 }[type];
    const r = evaluator.evaluate(expr, doc, null, rt, null);
    if (type === 'number') return { v: Number.isNaN(r.numberValue) ? 'NaN' : r.numberValue };
    if (type === 'boolean') return { v: r.booleanValue };
    return { v: r.stringValue };
  } catch (e) {
    return { error: String(e && e.message || e) };
  }
});
process.stdout.write(JSON.stringify(out));
