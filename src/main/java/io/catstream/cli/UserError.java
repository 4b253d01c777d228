package io.catstream.cli;

import picocli.CommandLine;

/**
 * A mistake the user can fix (bad flag, missing file, unreadable model): printed as one line on stderr,
 * without a stack trace unless {@code --verbose}, and mapped to an exit code.
 */
public final class UserError extends RuntimeException {

    /** Exit code for bad input (picocli's {@code ExitCode.USAGE}). */
    public static final int BAD_INPUT = CommandLine.ExitCode.USAGE;

    private final int exitCode;

    public UserError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserError(String message) {
        this(BAD_INPUT, message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = BAD_INPUT;
    }

    public int exitCode() {
        return exitCode;
    }
}
