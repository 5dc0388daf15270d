package org.fraudstream.trainer.inspect;

import java.util.Locale;

/** An error makes a file invalid (the readers would refuse it); a warning is worth knowing only. */
enum Severity {
    ERROR, WARNING;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
