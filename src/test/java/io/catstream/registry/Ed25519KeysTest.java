package io.catstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ed25519KeysTest {

    @TempDir
    Path dir;

    @Test
    void shouldWritePemKeysThatReadBackAndSignVerifiably() throws Exception {
        KeyPair pair = Ed25519Keys.generate();
        Path priv = dir.resolve("k.key");
        Path pub = dir.resolve("k.pub");
        Ed25519Keys.writePrivate(priv, pair.getPrivate());
        Ed25519Keys.writePublic(pub, pair.getPublic());

        byte[] canonical = RecordSignature.modelBytes("cats", 3, "ab".repeat(32));
        String signature = RecordSignature.sign(Ed25519Keys.readPrivate(priv), canonical);

        assertThat(Files.readString(priv)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
        assertThat(RecordSignature.verify(Ed25519Keys.readPublic(pub), canonical, signature)).isTrue();
        assertThat(RecordSignature.verify(pair.getPublic(), RecordSignature.modelBytes("cats", 4, "ab".repeat(32)), signature)).isFalse();
        assertThat(RecordSignature.verify(pair.getPublic(), canonical, "not base64!")).isFalse();
    }

    @Test
    void shouldDeriveThePublicKeyAndKeyIdOfAPrivateKey() {
        KeyPair pair = Ed25519Keys.generate();

        RecordSigner signer = RecordSigner.of(pair.getPrivate());

        assertThat(signer.publicKey()).isEqualTo(pair.getPublic());
        assertThat(signer.keyId()).isEqualTo(Ed25519Keys.keyId(pair.getPublic())).hasSize(16);
    }

    @Test
    void shouldSignTheDocumentedCanonicalText() {
        assertThat(new String(RecordSignature.modelBytes("catstream", 3, "ab".repeat(32)), StandardCharsets.UTF_8))
                .isEqualTo("catstream-model-v1\ncatstream\n3\n" + "ab".repeat(32) + "\n");
        assertThat(new String(RecordSignature.activationBytes("catstream", 2, "2026-11-27T10:00:00Z"), StandardCharsets.UTF_8))
                .isEqualTo("catstream-activation-v1\ncatstream\n2\n2026-11-27T10:00:00Z\n");
    }

    @Test
    void shouldRefuseAFileThatIsNotAPemKey() throws Exception {
        Path notKey = Files.writeString(dir.resolve("x.pub"), "hello");

        assertThatThrownBy(() -> Ed25519Keys.readPublic(notKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no '-----BEGIN PUBLIC KEY-----' block");
    }
}
