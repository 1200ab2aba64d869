const express = require('express');

const app = express();
// ruleid: js-trust-proxy-all
app.set('trust proxy', true);
// ok: js-trust-proxy-all
app.set('trust proxy', 1);
// ok: js-trust-proxy-all
app.set('view engine', true);
