package org.casebridge.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** The signature of a token is checked once; its expiry every time; a token never seen is always verified. */
class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private final List<String> verified = new ArrayList<>();
    private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private final JwtDecoder signatureChecker = token -> {
        verified.add(token);
        if (token.startsWith("forged")) {
            throw new BadJwtException("signature does not verify");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("hohhot-amr")
                .issuedAt(NOW.minusSeconds(10)).expiresAt(NOW.plus(Duration.ofMinutes(5))).build();
    };

    private VerifiedTokens tokens(int capacity) {
        JwtTimestampValidator expiry = new JwtTimestampValidator(Duration.ofSeconds(30));
        expiry.setClock(new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock.instant();
            }
        });
        return new VerifiedTokens(signatureChecker, expiry, capacity);
    }

    @Test
    void aTokenUsedAgainIsNotVerifiedAgain() {
        VerifiedTokens tokens = tokens(10);
        Jwt first = tokens.decode("token-a");
        Jwt second = tokens.decode("token-a");
        assertThat(second).isSameAs(first);
        assertThat(verified).containsExactly("token-a");
    }

    @Test
    void aForgedTokenIsVerifiedEveryTimeAndNeverRemembered() {
        VerifiedTokens tokens = tokens(10);
        tokens.decode("token-a");
        assertThatThrownBy(() -> tokens.decode("forged-token-a")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged-token-a")).isInstanceOf(BadJwtException.class);
        assertThat(verified).containsExactly("token-a", "forged-token-a", "forged-token-a");
    }

    @Test
    void aRememberedTokenIsRefusedOnceItHasExpired() {
        VerifiedTokens tokens = tokens(10);
        tokens.decode("token-a");
        clock = Clock.fixed(NOW.plus(Duration.ofMinutes(6)), ZoneOffset.UTC);
        assertThatThrownBy(() -> tokens.decode("token-a")).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("no longer valid");
        assertThat(verified).containsExactly("token-a");
    }

    @Test
    void theCacheStaysWithinItsCapacity() {
        VerifiedTokens tokens = tokens(2);
        tokens.decode("token-a");
        tokens.decode("token-b");
        tokens.decode("token-c"); // full: starts afresh with c
        tokens.decode("token-c");
        tokens.decode("token-a");
        assertThat(verified).containsExactly("token-a", "token-b", "token-c", "token-a");
    }
}
