// Annotated target of express-session-secret: fake, well-formed values (generated), never real credentials.

// ruleid: express-session-secret
app.use(session({ secret: 'puEHy3eGV9iiBWXoLvpvNiKk', resave: false }));

// ruleid: express-session-secret
app.use(cookieParser('pDVODUcpp0IGwKn2BaBb'));

// ok: express-session-secret
app.use(session({ secret: process.env.SESSION_SECRET }));

// ok: express-session-secret
app.use(session({ secret: config.sessionSecret }));
