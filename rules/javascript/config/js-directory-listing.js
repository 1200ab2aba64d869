const express = require('express');
const serveIndex = require('serve-index');

const app = express();
// ruleid: js-directory-listing
app.use('/ftp', serveIndex('ftp', { icons: true }));
// ok: js-directory-listing
app.use('/ftp', express.static('ftp', { index: false }));
