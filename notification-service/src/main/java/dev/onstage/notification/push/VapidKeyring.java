package dev.onstage.notification.push;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

import org.jboss.logging.Logger;

import com.interaso.webpush.CryptoKt;
import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The VAPID key pair (RFC 8292) that signs every push and that browsers subscribe with. It must stay the same for as
 * long as subscriptions live (a new key orphans them all), and be the same on every instance. In this order: the
 * settings {@code onstage.push.vapid.public-key} / {@code private-key} (a Kubernetes Secret, a compose environment
 * variable); else the file {@code onstage.push.vapid.key-file}, generated once when missing (./onstage keeps it in its
 * data folder); else a pair generated once by the first instance and kept in PostgreSQL.
 * Both keys are base64url without padding: the public key as the 65-byte uncompressed point, the private key as its
 * 32-byte scalar, the format of {@code npx web-push generate-vapid-keys}.
 */
@ApplicationScoped
public class VapidKeyring {

    private static final Logger LOG = Logger.getLogger(VapidKeyring.class);
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final Optional<String> publicKeySetting;
    private final Optional<String> privateKeySetting;
    private final Optional<Path> keyFile;
    private final String subject;
    private final Pool pool;
    private volatile VapidKeys keys;
    private volatile String publicKey;
    private volatile WebPush webPush;

    VapidKeyring(PushConfig config, Pool pool) {
        this.publicKeySetting = config.vapid().publicKey().filter(k -> !k.isBlank());
        this.privateKeySetting = config.vapid().privateKey().filter(k -> !k.isBlank());
        this.keyFile = config.vapid().keyFile();
        this.subject = config.vapid().subject();
        this.pool = pool;
    }

    /** Loads the keys once at start, so that a bad setting stops the service instead of failing every push. */
    void load(@Observes StartupEvent start) {
        String[] pair;
        String source;
        if (publicKeySetting.isPresent() || privateKeySetting.isPresent()) {
            pair = new String[] {
                    publicKeySetting.orElseThrow(() -> new IllegalStateException(
                            "onstage.push.vapid.private-key is set, onstage.push.vapid.public-key is not")),
                    privateKeySetting.orElseThrow(() -> new IllegalStateException(
                            "onstage.push.vapid.public-key is set, onstage.push.vapid.private-key is not")) };
            source = "the settings";
        } else if (keyFile.isPresent()) {
            pair = fromFile(keyFile.get());
            source = keyFile.get().toString();
        } else {
            pair = fromDatabase();
            source = "PostgreSQL (notification.push_vapid_keys)";
        }
        use(pair[0], pair[1]);
        LOG.infof("Web Push: VAPID public key %s from %s", publicKey, source);
    }

    private void use(String publicKeyText, String privateKeyText) {
        VapidKeys pair;
        try {
            pair = VapidKeys.fromUncompressedBytes(publicKeyText.trim(), privateKeyText.trim());
        } catch (RuntimeException e) {
            throw new IllegalStateException("The VAPID keys cannot be read (base64url: a 65-byte public key, a 32-byte"
                    + " private key): " + e.getMessage(), e);
        }
        if (!CryptoKt.areKeysValidPair(pair.getPrivateKey(), pair.getPublicKey())) {
            throw new IllegalStateException("The VAPID public and private keys are not one pair.");
        }
        keys = pair;
        publicKey = B64URL.encodeToString(pair.getApplicationServerKey());
        webPush = new WebPush(subject, pair);
    }

    /** The application server key for {@code pushManager.subscribe}: base64url of the uncompressed point. */
    public String publicKey() {
        return publicKey;
    }

    /** Encrypts payloads and signs VAPID tokens with these keys. */
    WebPush webPush() {
        return webPush;
    }

    /** A new pair in the stored format: public key, private key. */
    static String[] generate() {
        VapidKeys pair = VapidKeys.generate();
        return new String[] { B64URL.encodeToString(pair.getApplicationServerKey()),
                B64URL.encodeToString(scalar(pair.getPrivateKey().getS())) };
    }

    /** The private scalar as exactly 32 bytes, big-endian (BigInteger drops or adds a leading zero). */
    private static byte[] scalar(BigInteger s) {
        byte[] bytes = s.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(32, bytes.length);
        System.arraycopy(bytes, bytes.length - copy, out, 32 - copy, copy);
        return out;
    }

    /**
     * The pair in a properties file, written when missing. CREATE_NEW: when two instances start at once, one writes
     * and both read what it wrote.
     */
    private static String[] fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                String[] fresh = generate();
                String text = "# Onstage Web Push VAPID keys: keep them, or every browser must subscribe again.\n"
                        + "publicKey=" + fresh[0] + "\nprivateKey=" + fresh[1] + "\n";
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                Path partial = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".new");
                Files.writeString(partial, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                restrict(partial);
                try {
                    Files.createLink(file, partial);
                } catch (FileAlreadyExistsException e) {
                    // another instance was first: use its keys
                } catch (UnsupportedOperationException | IOException e) {
                    if (!Files.exists(file)) {
                        Files.move(partial, file);
                    }
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            Properties properties = new Properties();
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            String pub = properties.getProperty("publicKey");
            String priv = properties.getProperty("privateKey");
            if (pub == null || priv == null) {
                throw new IllegalStateException(file + " has no publicKey or privateKey line; delete it to generate"
                        + " new keys (browsers then subscribe again).");
            }
            return new String[] { pub, priv };
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the VAPID keys in " + file, e);
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debugf("Cannot restrict the permissions of %s: %s", file, e.getMessage());
        }
    }

    /** The first instance's pair wins (ON CONFLICT DO NOTHING); every instance then reads the same row. */
    private String[] fromDatabase() {
        String[] fresh = generate();
        Row row = pool.preparedQuery("""
                INSERT INTO notification.push_vapid_keys (id, public_key, private_key) VALUES (1, $1, $2)
                ON CONFLICT (id) DO NOTHING""")
                .execute(Tuple.of(fresh[0], fresh[1]))
                .chain(() -> pool.query("SELECT public_key, private_key FROM notification.push_vapid_keys WHERE id = 1")
                        .execute())
                .await().atMost(java.time.Duration.ofSeconds(30))
                .iterator().next();
        Arrays.fill(fresh, null);
        return new String[] { row.getString("public_key"), row.getString("private_key") };
    }
}
