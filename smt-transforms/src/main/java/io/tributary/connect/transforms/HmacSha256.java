package io.tributary.connect.transforms;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of UTF-8 text as lower-case hex. Keyed rather than a bare digest so that nobody without
 * the secret can hash candidate values (phone numbers, national ids) to find which one a token stands for.
 */
final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    // Mac is stateful and not thread-safe; one per thread keeps the hot path free of locks
    private final ThreadLocal<Mac> macs;

    HmacSha256(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
        // fails at configure time rather than on the first record if the JVM cannot do HMAC-SHA256
        newMac();
    }

    String hex(String text) {
        return HexFormat.of().formatHex(macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    void release() {
        macs.remove();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JVM cannot compute " + ALGORITHM, e);
        }
    }
}
