// The baseline: the bare framework on the same machine, answering a small JSON body.
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 3101);
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
void app.listen({ host: '127.0.0.1', port }).then(() => process.stdout.write(`listening on ${port}\n`));
