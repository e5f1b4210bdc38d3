package io.opencvm.guest;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.cvm.ConsoleLinks;
import io.opencvm.cvm.Cvm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Console links that authorise themselves: the CLI fetches {@code syslog_endpoint} with a plain GET, without the API
 * key, so the link carries an expiry and an HMAC of the CVM's public id and that expiry. The key comes from
 * {@code opencvm.guest.link-key}; without one each process makes its own (links then work only on the instance that
 * made them, which is enough for a single instance).
 */
@Component
class SignedConsoleLinks implements ConsoleLinks {

    static final Duration LIFETIME = Duration.ofHours(1);

    private final SecretKeySpec key;
    private final Clock clock;

    SignedConsoleLinks(@Value("${opencvm.guest.link-key:}") String configured, Clock clock) {
        byte[] material = configured.isBlank() ? new SecureRandom().generateSeed(32)
                : configured.getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(material, "HmacSHA256");
        this.clock = clock;
    }

    @Override
    public String syslogEndpoint(Cvm cvm) {
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        return base + "/api/v1/cvms/" + cvm.publicId() + "/syslog?exp=" + expires + "&sig=" + sign(cvm.publicId(), expires);
    }

    /** 403 ERR-03-101 unless {@code signature} is this server's for the CVM and the expiry has not passed. */
    void verify(String publicId, long expires, String signature) {
        boolean genuine = signature != null && MessageDigest.isEqual(sign(publicId, expires).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
        if (!genuine) {
            throw new ApiException(ErrorCode.LINK_INVALID, "This log link is not valid; get a new one from GET /cvms/{id}");
        }
        if (clock.instant().getEpochSecond() > expires) {
            throw new ApiException(ErrorCode.LINK_INVALID, "This log link has expired; get a new one from GET /cvms/{id}");
        }
    }

    private String sign(String publicId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(("syslog\n" + publicId + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
