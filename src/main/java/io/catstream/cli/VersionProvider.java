package io.catstream.cli;

import picocli.CommandLine;

/** The version from the jar's manifest (set by Maven), or "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = CatstreamCommand.class.getPackage().getImplementationVersion();
        return new String[] {"catstream " + (version == null ? "dev" : version)};
    }
}
