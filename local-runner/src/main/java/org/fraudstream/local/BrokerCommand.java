package org.fraudstream.local;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fraudstream.kafka.KafkaNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fraud broker}: one Kafka node (KRaft broker and controller) in this JVM, on a fixed port
 * and a data dir formatted on first use only, until SIGTERM or Ctrl-C (a controlled shutdown). Once
 * clients can connect it prints {@code broker ready: localhost:<port>} on standard output: the
 * readiness signal for whoever started it.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run one Kafka node (KRaft, broker + controller) on a fixed port and data dir until SIGTERM; "
                + "a restart on the same dir keeps topics, offsets and transactions.")
public final class BrokerCommand implements Callable<Integer> {

    /** The line printed once clients can connect, followed by the bootstrap address. */
    public static final String READY = "broker ready: ";

    @Option(names = "--port", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port = 9092;

    @Option(names = "--controller-port", description = "Controller port (default: the client port + 1).")
    Integer controllerPort;

    @Option(names = "--data-dir", required = true, description = "Data dir: formatted on first use, kept across restarts.")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final int cport = controllerPort != null ? controllerPort : port + 1;
        if (port < 1 || port > 65_535 || cport < 1 || cport > 65_535 || cport == port) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--port and --controller-port must be distinct ports in 1..65535, were " + port + " and " + cport);
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        final KafkaNode node = KafkaNode.start(dataDir, port, cport);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("broker: stopping (controlled shutdown)");
            node.close();
            System.err.println("broker: stopped");
            stopped.countDown();
        }, "broker-stop"));
        System.out.println(READY + node.bootstrapServers());
        System.out.printf("broker: data dir %s, controller on localhost:%d; stop with SIGTERM or Ctrl-C%n",
                dataDir.toAbsolutePath(), cport);
        System.out.flush();
        node.awaitShutdown();
        stopped.await(2, TimeUnit.MINUTES);
        return 0;
    }
}
