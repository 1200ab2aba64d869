const express = require('express');
const path = require('path');
const serveStatic = require('serve-static');

const app = express();
// ruleid: js-static-serves-root
app.use(express.static(__dirname));
// ruleid: js-static-serves-root
app.use('/files', express.static('.'));
// ruleid: js-static-serves-root
app.use(serveStatic(process.cwd()));
// ok: js-static-serves-root
app.use(express.static(path.join(__dirname, 'public')));
// ok: js-static-serves-root
app.use(express.static('public'));
