package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FraudCliTest {

    @Test
    void shouldOfferTheInspectCommands() {
        final CommandLine cli = new CommandLine(new FraudCli());
        final StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        assertThat(cli.getSubcommands()).containsKeys("validate", "eda");
        assertThat(cli.execute("validate", "--help")).isZero();
        assertThat(cli.execute("eda", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: fraud validate", "Usage: fraud eda");
    }
}
