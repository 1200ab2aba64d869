const cors = require('cors');

function setup(app) {
  // ruleid: js-cors-wildcard
  app.use(cors({ origin: true, credentials: true }));
  // ok: js-cors-wildcard
  app.use(cors({ origin: ['https://app.example.org'], credentials: true }));
  app.get('/x', (req, res) => {
    // ruleid: js-cors-wildcard
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.end();
  });
}

async function nest(NestFactory, AppModule) {
  const app = await NestFactory.create(AppModule);
  // ruleid: js-cors-wildcard
  app.enableCors({ origin: '*' });
  // ok: js-cors-wildcard
  app.enableCors({ origin: 'https://app.example.org' });
  // ruleid: js-cors-wildcard
  app.enableCors();
}

module.exports = { setup, nest };
