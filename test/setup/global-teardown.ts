export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.__testServers ?? [];
  for (const server of servers.reverse()) await server.stop();
}
