package io.catstream.backtest;

/** A backtest that cannot run as asked (no champion to compare with, no readable image): the message says why and what to do. */
public final class BacktestException extends RuntimeException {

    public BacktestException(String message) {
        super(message);
    }

    public BacktestException(String message, Throwable cause) {
        super(message, cause);
    }
}
