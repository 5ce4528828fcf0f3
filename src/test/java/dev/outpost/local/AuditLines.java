package dev.outpost.local;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the audit log says, as its log lines: each entry is logged with its action, actor and target
 * (once committed). Read from the log because the entries' storage is another part of issue 14;
 * once both are merged these checks can read the audit table instead.
 */
final class AuditLines extends Handler implements AutoCloseable {
    private static final Logger AUDIT = Logger.getLogger("dev.outpost.audit");
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private AuditLines() {}

    static AuditLines capture() {
        AuditLines lines = new AuditLines();
        AUDIT.addHandler(lines);
        return lines;
    }

    @Override
    public void publish(LogRecord record) {
        String message = record instanceof org.jboss.logmanager.ExtLogRecord ext
                ? ext.getFormattedMessage()
                : record.getMessage();
        lines.add(message);
    }

    /** The lines that name {@code action}, in order. */
    List<String> of(String action) {
        return lines.stream().filter(line -> line.contains(" " + action + " ")).toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        AUDIT.removeHandler(this);
    }
}
