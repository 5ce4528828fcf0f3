package dev.outpost.reputation;

/** Helpers for echoing untrusted input safely in errors and logs. */
public final class Inputs {
    /** Longest input echoed back in an error; longer values are cut with an ellipsis. */
    public static final int MAX_ECHO_CHARS = 256;

    private Inputs() {}

    public static String abbreviate(String input) {
        if (input == null || input.length() <= MAX_ECHO_CHARS) {
            return input;
        }
        return input.substring(0, MAX_ECHO_CHARS) + "…";
    }
}
