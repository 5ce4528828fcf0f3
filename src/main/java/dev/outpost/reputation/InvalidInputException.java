package dev.outpost.reputation;

/** Input a client or publisher gave that cannot be accepted; names the offending value. */
public class InvalidInputException extends OutpostException {
    private final String input;

    public InvalidInputException(String problemType, String detail, String input) {
        super(problemType, detail);
        this.input = input;
    }

    /** The offending input, shortened so that a hostile megabyte-long value is not echoed back. */
    public String input() {
        return Inputs.abbreviate(input);
    }
}
