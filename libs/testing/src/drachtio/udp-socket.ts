import { createSocket, type Socket } from 'node:dgram';

/** An IPv4 UDP socket bound to `address:port` (port 0: an ephemeral one). */
export async function bindUdp(address: string, port: number): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return socket;
}
