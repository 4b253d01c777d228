package io.catstream.stream;

import io.catstream.kafka.EmbeddedKafkaBroker;
import io.catstream.testsupport.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The principals of the ACL tests on a SASL/PLAIN broker with the StandardAuthorizer, and the {@code --command-config}
 * files that log in as them: admin (a super user), the three of topics/acls.yaml, and an intruder with no ACL.
 */
final class AclLogins {

    static final Map<String, String> USERS = Map.of(EmbeddedKafkaBroker.ADMIN, "admin-secret",
            "trainer", "trainer-secret", "scorer", "scorer-secret", "sender", "sender-secret",
            "intruder", "intruder-secret");

    private AclLogins() {
    }

    /** A broker (one per test class) that knows {@link #USERS}. */
    static EmbeddedBroker broker() {
        return EmbeddedBroker.withSaslPlainAndAcls(USERS);
    }

    /** A --command-config file in {@code dir} logging in as {@code user}, as an operator would write it. */
    static String commandConfig(EmbeddedBroker kafka, Path dir, String user) {
        Path file = dir.resolve(user + ".properties");
        if (!Files.exists(file)) {
            Properties props = new Properties();
            props.putAll(kafka.broker().clientProperties(user));
            try (Writer out = Files.newBufferedWriter(file)) {
                props.store(out, "client login of " + user);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file.toString();
    }
}
