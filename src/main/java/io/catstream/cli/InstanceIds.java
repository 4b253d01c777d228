package io.catstream.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code serve --instance-id}: the stable identity of one scorer instance (its static group membership). By default
 * the host name, which Kubernetes keeps per StatefulSet pod ({@code scorer-0}, {@code scorer-1}) and Docker per
 * container; {@code none} turns static membership off.
 */
final class InstanceIds {

    static final String HOST_NAME = "host name";
    static final String NONE = "none";

    private InstanceIds() {
    }

    /** The id to use for {@code option}: null for {@code none}, the host name for the default, else the option. */
    static String resolve(String option) {
        if (NONE.equals(option)) {
            return null;
        }
        if (!HOST_NAME.equals(option)) {
            return option;
        }
        String host = hostName();
        if (host == null) {
            throw new UserError("cannot find this machine's host name for the default --instance-id: give one "
                    + "(the same on every restart of this instance), or --instance-id none");
        }
        return host;
    }

    /** $HOSTNAME (set in containers and pods), else /etc/hostname, else what the resolver says. */
    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            Path etc = Path.of("/etc/hostname");
            if (Files.isReadable(etc)) {
                String name = Files.readString(etc).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return null;
        }
    }
}
