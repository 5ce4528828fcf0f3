package dev.outpost.cli;

import dev.outpost.reputation.OutpostException;

/** Bad command-line input; printed as one line, exit status 1. */
public class CliException extends OutpostException {
    public CliException(String detail) {
        super("cli", detail);
    }
}
