// ruleid: js-redos
const EMAIL = /^([a-zA-Z0-9]+\.?)+@example\.com$/;
// ruleid: js-redos
const WORDS = new RegExp('^(\\w+\\s?)*$');
// ok: js-redos
const SIMPLE = /^\w+(\.\w+)*@example\.com$/;
// ok: js-redos
const DIGITS = /^\d+$/;
// ok: js-redos
const CLASS = /^[(a+)+]$/;

module.exports = { EMAIL, WORDS, SIMPLE, DIGITS, CLASS };
