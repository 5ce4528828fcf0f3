package dev.outpost.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code strace -f -yy -k -o FILE}, read back into calls.
 *
 * <p>Each record line starts with the thread id. A call that blocks while another thread is
 * traced is split in two, {@code connect(… <unfinished ...>} and later {@code <... connect
 * resumed>…) = 0}: the halves are joined per thread. {@code -k} prints the call's stack after it,
 * one {@code  > lib(function+offset) [address]} line per frame; they belong to the call printed
 * just before them. Signal and exit lines are kept apart. A line of any other shape is kept as
 * unreadable, so that a checker can refuse a trace it did not fully understand.
 */
public final class StraceLog {
    private static final Pattern RECORD = Pattern.compile("^(\\d+)\\s+(.*)$");
    private static final Pattern EXIT = Pattern.compile("^\\+\\+\\+ (exited with \\d+|killed by .+) \\+\\+\\+$");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. (\\w+) resumed>(.*)$");
    private static final Pattern CALL = Pattern.compile("^(\\w+)\\((.*)$");
    private static final String UNFINISHED = " <unfinished ...>";
    private static final String RESULT = ") = ";

    /** One system call: its thread, name, argument text, result text and stack (may be empty). */
    public record Call(int tid, String syscall, String arguments, String result, List<String> stack, String line) {
        public Call {
            stack = List.copyOf(stack);
        }

        /** The call as strace printed it, with its stack, for failure messages. */
        public String describe() {
            StringBuilder text = new StringBuilder(line);
            stack.forEach(frame -> text.append("\n      ").append(frame.strip()));
            return text.toString();
        }
    }

    private final List<Call> calls;
    private final Map<Integer, String> exits;
    private final List<String> unreadable;

    private StraceLog(List<Call> calls, Map<Integer, String> exits, List<String> unreadable) {
        this.calls = List.copyOf(calls);
        this.exits = Map.copyOf(exits);
        this.unreadable = List.copyOf(unreadable);
    }

    public static StraceLog read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    public static StraceLog parse(List<String> lines) {
        List<Builder> calls = new ArrayList<>();
        Map<Integer, String> exits = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        Map<Integer, Builder> unfinished = new HashMap<>();
        Builder last = null; // the call printed last: the stack lines that follow are its own
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith(" > ")) {
                if (last == null) {
                    unreadable.add(line);
                } else {
                    last.stack.add(line);
                }
                continue;
            }
            last = null;
            Matcher record = RECORD.matcher(line);
            if (!record.matches()) {
                unreadable.add(line);
                continue;
            }
            int tid = Integer.parseInt(record.group(1));
            String body = record.group(2);
            Matcher exit = EXIT.matcher(body);
            Matcher resumed = RESUMED.matcher(body);
            Matcher call = CALL.matcher(body);
            if (exit.matches()) {
                exits.put(tid, exit.group(1));
            } else if (body.startsWith("--- ") && body.endsWith(" ---")) {
                continue; // A signal delivered.
            } else if (resumed.matches()) {
                Builder started = unfinished.remove(tid);
                if (started == null) { // Began before the trace did: only the second half is known.
                    started = new Builder(tid, resumed.group(1), "", line);
                    calls.add(started);
                } else {
                    started.line += " … " + line;
                }
                if (started.finish(resumed.group(2))) {
                    last = started;
                } else {
                    unreadable.add(started.line);
                }
            } else if (call.matches()) {
                String text = call.group(2);
                if (text.endsWith(UNFINISHED)) {
                    last = new Builder(
                            tid, call.group(1), text.substring(0, text.length() - UNFINISHED.length()), line);
                    unfinished.put(tid, last);
                    calls.add(last);
                } else {
                    Builder done = new Builder(tid, call.group(1), "", line);
                    if (done.finish(text)) {
                        calls.add(done);
                        last = done;
                    } else {
                        unreadable.add(line);
                    }
                }
            } else {
                unreadable.add(line);
            }
        }
        // A call still unfinished when the trace ended (its process died inside it) stays in the
        // list with result "?": its address is judged all the same.
        return new StraceLog(calls.stream().map(Builder::build).toList(), exits, unreadable);
    }

    public List<Call> calls() {
        return calls;
    }

    /** How each traced process or thread ended, by id: {@code exited with 0}, {@code killed by SIGKILL}. */
    public Map<Integer, String> exits() {
        return exits;
    }

    /** Lines of no known shape; a trace of only the calls asked for has none. */
    public List<String> unreadable() {
        return unreadable;
    }

    /** A call being read: its halves joined, its stack collected. */
    private static final class Builder {
        final int tid;
        final String syscall;
        final List<String> stack = new ArrayList<>();
        String text;
        String result = "?";
        String line;

        Builder(int tid, String syscall, String text, String line) {
            this.tid = tid;
            this.syscall = syscall;
            this.text = text;
            this.line = line;
        }

        /**
         * Adds the rest of the text and splits {@code args) = result} at the last {@code ") = "}:
         * arguments may hold any text (a buffer is printed escaped, and may contain that), a result
         * never does.
         */
        boolean finish(String rest) {
            String whole = text + rest;
            int split = whole.lastIndexOf(RESULT);
            if (split < 0) {
                return false;
            }
            text = whole.substring(0, split);
            result = whole.substring(split + RESULT.length());
            return true;
        }

        Call build() {
            return new Call(tid, syscall, text, result, stack, line);
        }
    }
}
