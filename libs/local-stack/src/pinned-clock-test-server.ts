/**
 * A main class for Temporal's own time-skipping test service that can start its clock at a
 * given instant. The stock `io.temporal.testserver.TestServer` always starts at the machine's
 * date, so a test that sleeps a month reasons about a different stretch of the calendar on
 * every day it runs; the service itself takes an initial time (`TestServicesStarter`), which
 * the stock main does not expose. Everything else is the stock server: same services, same
 * health checks, same flags.
 *
 * Usage: `<port> [--enable-time-skipping] [--start-at=<ISO-8601 instant>]`.
 */
export const PINNED_CLOCK_MAIN_CLASS = 'PinnedClockTestServer';

export const PINNED_CLOCK_SOURCE = `import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.time.Instant;

public final class ${PINNED_CLOCK_MAIN_CLASS} {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: <port> [--enable-time-skipping] [--start-at=<ISO-8601 instant>]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean timeSkipping = false;
    long startAt = 0; // 0: the service reads the machine's clock
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equalsIgnoreCase("--enable-time-skipping")) {
        timeSkipping = true;
      } else if (arg.startsWith("--start-at=")) {
        startAt = Instant.parse(arg.substring("--start-at=".length())).toEpochMilli();
      } else {
        System.err.println("Unknown flag " + arg);
        System.exit(2);
      }
    }
    TestServicesStarter services = new TestServicesStarter(!timeSkipping, startAt);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      services.close();
    }));
    server.awaitTermination();
  }
}
`;
