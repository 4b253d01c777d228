package io.catstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RegistryKeyTest {

    @Test
    void shouldFormatAndParseVersionAndActivationKeys() {
        assertThat(RegistryKey.version("catstream", 3)).hasToString("catstream@3");
        assertThat(RegistryKey.active("catstream")).hasToString("catstream@active");
        assertThat(RegistryKey.parse("catstream@3")).isEqualTo(RegistryKey.version("catstream", 3));
        assertThat(RegistryKey.parse("cats-v1.b@active").isActivation()).isTrue();
    }

    @Test
    void shouldFormatAndParseTheRoleKeys() {
        assertThat(RegistryKey.challenger("catstream")).hasToString("catstream@challenger");
        assertThat(RegistryKey.decision("catstream", 4, false)).hasToString("catstream@decision-4");
        assertThat(RegistryKey.decision("catstream", 4, true)).hasToString("catstream@decision-4-rollback");
        for (String key : new String[] {"catstream@challenger", "catstream@decision-4", "catstream@decision-4-rollback"}) {
            assertThat(RegistryKey.parse(key)).hasToString(key);
        }
        assertThat(RegistryKey.parse("catstream@decision-4").role()).isEqualTo(RegistryKey.Role.DECISION);
        assertThat(RegistryKey.parse("catstream@decision-4").version()).isEqualTo(4);
    }

    @Test
    void shouldFormatAndParseTheWatchEndedKeyApartFromTheRollback() {
        assertThat(RegistryKey.watchEnded("catstream", 4)).hasToString("catstream@decision-4-watch-ended");
        RegistryKey parsed = RegistryKey.parse("catstream@decision-4-watch-ended");
        assertThat(parsed).isEqualTo(RegistryKey.watchEnded("catstream", 4)).isNotEqualTo(RegistryKey.decision("catstream", 4, true));
        assertThat(parsed.role().kind()).isEqualTo(RegistryHeaders.KIND_DECISION);
        assertThat(RegistryKey.parse("catstream@decision-4-watch")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "catstream", "catstream@", "@3", "catstream@0", "catstream@03", "catstream@-1",
        "catstream@latest", "a@b@3", "catstream@99999999999", "cat stream@1", "catstream@decision-",
        "catstream@decision-0", "catstream@decision-4-undo", "catstream@challenger-4", "catstream@decision-99999999999"})
    void shouldRejectKeysThatAreNotNameAtVersionOrActive(String key) {
        assertThat(RegistryKey.parse(key)).isNull();
    }
}
