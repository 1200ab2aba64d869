// Annotated target of express-session-secret: fake, well-formed values (generated), never real credentials.

// ruleid: express-session-secret
app.use(session({ secret: 'rkVXK5NzjLJRsWZIZaghs4AS', resave: false }));

// ruleid: express-session-secret
app.use(cookieParser('5m1uZh5G5ws2yLpvflyR'));

// ok: express-session-secret
app.use(session({ secret: process.env.SESSION_SECRET }));

// ok: express-session-secret
app.use(session({ secret: config.sessionSecret }));
