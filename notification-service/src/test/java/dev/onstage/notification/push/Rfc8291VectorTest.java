package dev.onstage.notification.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.interaso.webpush.CryptoKt;
import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;

/**
 * The Web Push library (com.interaso:webpush) against RFC 8291 section 5 (the example, with the intermediate values of
 * appendix A): its primitives, fed the RFC's fixed salt and sender key, give the RFC's body byte for byte; and what its
 * {@code getBody} produces (random salt and key, as in production) opens with the RFC's receiver keys, the same way the
 * RFC's own body opens.
 */
class Rfc8291VectorTest {

    private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLoc"
            + "InmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";
    // Appendix A's intermediate values.
    private static final String ECDH_SECRET = "kyrL1jIIOHEzg3sM2ZWRHDRB62YACZhhSlknJ672kSs";
    private static final String IKM = "S4lYMb_L0FxCeq0WhDx813KgSYqU26kOyzWUdsXYyrg";
    private static final String CEK = "oIhVW04MRdy2XN9CiKLxTg";
    private static final String NONCE = "4h_95klXJ5E_qnoN";

    private static final byte[] WEBPUSH_INFO = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CEK_INFO = "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE_INFO = "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theLibrarysPrimitivesGiveTheRfcBodyFromItsInputs() {
        ECPrivateKey asPrivate = CryptoKt.generatePrivateKeyFromUncompressedBytes(b64(AS_PRIVATE));
        ECPublicKey uaPublic = CryptoKt.generatePublicKeyFromUncompressedBytes(b64(UA_PUBLIC));
        byte[] ecdh = CryptoKt.generateEcdhSharedSecret(asPrivate, uaPublic);
        assertArrayEquals(b64(ECDH_SECRET), ecdh);
        byte[] ikm = CryptoKt.hkdfSha256(ecdh, b64(AUTH), concat(WEBPUSH_INFO, b64(UA_PUBLIC), b64(AS_PUBLIC)), 32);
        assertArrayEquals(b64(IKM), ikm);
        byte[] cek = CryptoKt.hkdfSha256(ikm, b64(SALT), CEK_INFO, 16);
        byte[] nonce = CryptoKt.hkdfSha256(ikm, b64(SALT), NONCE_INFO, 12);
        assertArrayEquals(b64(CEK), cek);
        assertArrayEquals(b64(NONCE), nonce);
        byte[] ciphertext = CryptoKt.encryptAesGcmNoPadding(cek, nonce,
                concat(PLAINTEXT.getBytes(StandardCharsets.UTF_8), new byte[] { 2 }));
        byte[] header = ByteBuffer.allocate(16 + 4 + 1 + 65).put(b64(SALT)).putInt(4096).put((byte) 65)
                .put(b64(AS_PUBLIC)).array();
        assertEquals(BODY, Base64.getUrlEncoder().withoutPadding().encodeToString(concat(header, ciphertext)));
    }

    @Test
    void theRfcBodyOpensWithTheReceiverKeys() throws Exception {
        assertEquals(PLAINTEXT, open(b64(BODY)));
    }

    @Test
    void whatTheLibrarySendsOpensWithTheReceiverKeys() throws Exception {
        WebPush push = new WebPush("mailto:test@example.org", VapidKeys.generate());
        byte[] body = push.getBody(PLAINTEXT.getBytes(StandardCharsets.UTF_8), b64(UA_PUBLIC), b64(AUTH));
        assertEquals(PLAINTEXT, open(body));
        // A fresh salt and sender key each time (RFC 8291 section 3.4), so never the same bytes twice.
        byte[] again = push.getBody(PLAINTEXT.getBytes(StandardCharsets.UTF_8), b64(UA_PUBLIC), b64(AUTH));
        assertTrue(!Arrays.equals(body, again));
        assertEquals(PLAINTEXT, open(again));
    }

    @Test
    void vapidHeadersCarryTheKeyAndTheMessageAttributes() {
        VapidKeys keys = VapidKeys.generate();
        WebPush push = new WebPush("mailto:test@example.org", keys);
        Map<String, String> headers = push.getHeaders("https://push.example.net/send/abc", 120,
                "topic-1", WebPush.Urgency.High);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(keys.getApplicationServerKey());
        assertTrue(headers.get("Authorization").matches("vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=" + key), headers::toString);
        assertEquals("120", headers.get("TTL"));
        assertEquals("high", headers.get("Urgency"));
        assertEquals("topic-1", headers.get("Topic"));
        assertEquals("aes128gcm", headers.get("Content-Encoding"));
    }

    @Test
    void generatedKeysSurviveTheStoredFormat() {
        String[] pair = VapidKeyring.generate();
        VapidKeys read = VapidKeys.fromUncompressedBytes(pair[0], pair[1]);
        assertEquals(pair[0], Base64.getUrlEncoder().withoutPadding().encodeToString(read.getApplicationServerKey()));
        assertTrue(CryptoKt.areKeysValidPair(read.getPrivateKey(), read.getPublicKey()));
    }

    /**
     * The receiving browser's side (RFC 8291 3.4 with RFC 8188): derive the key and nonce with the RFC's receiver keys
     * (the library's ECDH and HKDF), open with the JDK's AES-GCM, drop the padding delimiter.
     */
    private static String open(byte[] body) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int recordSize = in.getInt();
        assertEquals(4096, recordSize);
        byte[] senderKey = new byte[in.get()];
        in.get(senderKey);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        byte[] ecdh = CryptoKt.generateEcdhSharedSecret(CryptoKt.generatePrivateKeyFromUncompressedBytes(b64(UA_PRIVATE)),
                CryptoKt.generatePublicKeyFromUncompressedBytes(senderKey));
        byte[] ikm = CryptoKt.hkdfSha256(ecdh, b64(AUTH), concat(WEBPUSH_INFO, b64(UA_PUBLIC), senderKey), 32);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(CryptoKt.hkdfSha256(ikm, salt, CEK_INFO, 16), "AES"),
                new GCMParameterSpec(128, CryptoKt.hkdfSha256(ikm, salt, NONCE_INFO, 12)));
        byte[] padded = aes.doFinal(ciphertext);
        int end = padded.length - 1;
        while (padded[end] == 0) {
            end--;
        }
        assertEquals(2, padded[end], "the last record ends with the delimiter 0x02");
        return new String(padded, 0, end, StandardCharsets.UTF_8);
    }

    private static byte[] b64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }
}
