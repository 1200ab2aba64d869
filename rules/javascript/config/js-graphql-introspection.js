const { ApolloServer } = require('@apollo/server');
const { graphqlHTTP } = require('express-graphql');

const typeDefs = '';
const resolvers = {};
// ruleid: js-graphql-introspection
const server = new ApolloServer({ typeDefs, resolvers, introspection: true });
// ok: js-graphql-introspection
const safe = new ApolloServer({ typeDefs, resolvers, introspection: process.env.NODE_ENV !== 'production' });
// ruleid: js-graphql-introspection
const handler = graphqlHTTP({ schema: typeDefs, graphiql: true });
// ok: js-graphql-introspection
const quiet = graphqlHTTP({ schema: typeDefs, graphiql: false });
module.exports = { server, safe, handler, quiet };
