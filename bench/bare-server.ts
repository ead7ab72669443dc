// The baseline: a bare Fastify hello-world, run as its own process like Préau.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
const port = Number(process.env.PORT ?? 3001);
await app.listen({ port, host: '127.0.0.1' });
console.log(`bare fastify listening on ${port}`);
const close = async () => {
  await app.close();
  process.exit(0);
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
