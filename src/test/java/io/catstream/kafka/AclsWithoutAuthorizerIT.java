package io.catstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.EmbeddedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On a broker without an authorizer, {@code topics apply} and {@code check} skip the ACLs with a notice and still work. */
class AclsWithoutAuthorizerIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    @Test
    void shouldSkipAclsWithAClearNoticeWhenTheClusterHasNoAuthorizer() {
        CliRun apply = CliRun.of("topics", "apply", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", "noauth.");
        CliRun check = CliRun.of("topics", "check", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", "noauth.");

        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.err()).contains("acls: skipped: the cluster has no authorizer");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out()).isEqualTo("topics: " + TopicCatalog.builtIn().topics().size() + " topics match the catalog\n");
        assertThat(check.err()).contains("acls: skipped");
    }

    @Test
    void shouldResolveTopicAclsWithThePrefixButKeepInternalTopicNamesAsTheyAre() {
        var bindings = AclCatalog.builtIn().bindings(TopicNames.withPrefix("dev."));

        assertThat(bindings).extracting(b -> b.pattern().name())
                .contains("dev.model-weights", "dev.images", "catstream-scorer-", "catstream-publisher-")
                .doesNotContain("dev.catstream-scorer-");
    }
}
