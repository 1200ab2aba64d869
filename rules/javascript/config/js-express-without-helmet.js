const express = require('express');

// ruleid: js-express-without-helmet
const app = express();

app.get('/', (req, res) => res.send('hi'));

// ok: js-express-without-helmet
module.exports = app;
