package org.casebridge.gateway.identity;

import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/** REST and SOAP callers present a bearer token from the realm; public are only keys, contracts and health. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityFilterChain apiSecurity(HttpSecurity http, CurrentCaller callers, ProblemAuthenticationEntryPoint problems,
            RateLimits limits) throws Exception {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> callers.mapping().authorities(jwt));
        http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/.well-known/**", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui/**", "/webjars/**",
                                "/contracts/**", "/actuator/health/**", "/error").permitAll()
                        // CXF answers GET only with the WSDL and its schemas; operations are POSTs.
                        .requestMatchers(HttpMethod.GET, "/services/**").permitAll()
                        // Signed SOAP requests authenticate inside CXF, by WS-Security (X.509).
                        .requestMatchers(HttpMethod.POST, "/services/gateway/v1/signed").permitAll()
                        .anyRequest().authenticated())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Bearer tokens, no cookies: nothing for a cross-site request to ride on.
                .csrf(csrf -> csrf.disable())
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(problems))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .addFilterBefore(new RateLimitFilter(limits, callers.mapping()), AuthorizationFilter.class);
        return http.build();
    }

    /** How many verified tokens are remembered; far more than there are agency systems and people at once. */
    private static final int VERIFIED_TOKENS = 10_000;

    /** Resolves the realm's keys on first use, so the gateway starts even while Keycloak is still starting. */
    @Bean
    JwtDecoder jwtDecoder(IdentityProperties properties, Clock clock) {
        if (properties.issuer() == null || properties.issuer().isBlank()) {
            throw new IllegalStateException("casebridge.identity.issuer must name the Keycloak realm, "
                    + "e.g. http://127.0.0.1:8180/realms/casebridge");
        }
        JwtTimestampValidator expiry = new JwtTimestampValidator(properties.clockSkew());
        expiry.setClock(clock);
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(List.of(
                expiry,
                new JwtIssuerValidator(properties.issuer()),
                audience(properties.audience())));
        return new VerifiedTokens(new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder
                    .withJwkSetUri(properties.issuer() + "/protocol/openid-connect/certs")
                    .build();
            decoder.setJwtValidator(validator);
            return decoder;
        }), validator, VERIFIED_TOKENS);
    }

    private static OAuth2TokenValidator<Jwt> audience(String audience) {
        OAuth2Error wrongAudience = new OAuth2Error("invalid_token", "the token is not meant for " + audience, null);
        return jwt -> jwt.getClaimAsStringList(JwtClaimNames.AUD) != null
                && jwt.getClaimAsStringList(JwtClaimNames.AUD).contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(wrongAudience);
    }
}
