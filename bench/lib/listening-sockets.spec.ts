import { createServer } from 'node:net';
import { listeningSocketInodes, pidsListeningOn } from './listening-sockets';

const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:107E 00000000:0000 0A 00000000:00000000 00:00000000 00000000   107        0 10389 1 0000000010257475 100 0 0 10 0
   1: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   105        0 6856 1 00000000dc480465 100 0 0 10 0
   2: 0100007F:107E 0100007F:C350 01 00000000:00000000 00:00000000 00000000   107        0 20001 1 0000000010257475 100 0 0 10 0
`;

describe('listeningSocketInodes', () => {
  it('finds the listening socket of a port, not its established connections', () => {
    expect(listeningSocketInodes(TABLE, 4222)).toEqual(new Set(['10389']));
    expect(listeningSocketInodes(TABLE, 5432)).toEqual(new Set(['6856']));
  });

  it('finds nothing for a port nobody listens on, or in an empty table', () => {
    expect(listeningSocketInodes(TABLE, 3000)).toEqual(new Set());
    expect(listeningSocketInodes('', 4222)).toEqual(new Set());
  });
});

describe('pidsListeningOn', () => {
  it('names this process while it listens on a port, and not once it stopped', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    expect(pidsListeningOn(port, [process.pid, process.ppid])).toEqual([process.pid]);
    await new Promise((resolve) => server.close(resolve));
    expect(pidsListeningOn(port, [process.pid])).toEqual([]);
  });
});
