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

    @ParameterizedTest
    @ValueSource(strings = {"", "catstream", "catstream@", "@3", "catstream@0", "catstream@03", "catstream@-1",
        "catstream@latest", "a@b@3", "catstream@99999999999", "cat stream@1"})
    void shouldRejectKeysThatAreNotNameAtVersionOrActive(String key) {
        assertThat(RegistryKey.parse(key)).isNull();
    }
}
