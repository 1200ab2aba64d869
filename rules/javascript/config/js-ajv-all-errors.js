const Ajv = require('ajv');

// ruleid: js-ajv-all-errors
const strict = new Ajv({ allErrors: true });
// ok: js-ajv-all-errors
const fast = new Ajv({ allErrors: false });
// ok: js-ajv-all-errors
const plain = new Ajv();

module.exports = { strict, fast, plain };
