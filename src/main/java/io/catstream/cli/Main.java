package io.catstream.cli;

/** Entry point of {@code java -jar catstream.jar}; the only place that calls {@code System.exit}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(CatstreamCommand.commandLine().execute(args));
    }
}
