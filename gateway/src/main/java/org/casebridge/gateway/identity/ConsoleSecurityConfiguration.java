package org.casebridge.gateway.identity;

import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.PublicUrl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * People sign in to the console through the realm (OpenID Connect). Their roles and agency come
 * from the realm's access token, checked like any bearer token, and map to a caller exactly as
 * for the API: one set of access rules for both.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    static final String REGISTRATION = "keycloak";

    @Bean
    @Order(1)
    SecurityFilterChain consoleSecurity(HttpSecurity http, ClientRegistrationRepository registrations,
            OAuth2UserService<OidcUserRequest, OidcUser> consoleUsers, RateLimits limits, CurrentCaller callers,
            PublicUrl publicUrl) throws Exception {
        OidcClientInitiatedLogoutSuccessHandler logout = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        // Return addresses from the configured URL, never from the request's Host header.
        logout.setPostLogoutRedirectUri(publicUrl.of("/console"));
        // Redirects within the gateway stay relative: Spring Security would otherwise make them
        // absolute from the request, so from whatever Host header the client sent.
        LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint("/oauth2/authorization/" + REGISTRATION);
        signIn.setFavorRelativeUris(true);
        SavedRequestAwareAuthenticationSuccessHandler signedIn = new SavedRequestAwareAuthenticationSuccessHandler();
        signedIn.setDefaultTargetUrl("/console");
        signedIn.setRedirectStrategy((request, response, url) -> response.sendRedirect(pathOf(url)));
        http
                .securityMatcher("/console/**", "/console", "/oauth2/**", "/login/**", "/logout")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2Login(login -> login
                        .loginPage("/oauth2/authorization/" + REGISTRATION)
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(consoleUsers))
                        .successHandler(signedIn)
                        .failureHandler(new ConsoleSignInFailure()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(signIn))
                .requestCache(cache -> cache.requestCache(pagesOnly()))
                .logout(out -> out.logoutSuccessHandler(logout))
                // Sessions are limited per person, sign-ins and other requests without one per client address.
                .addFilterBefore(new RateLimitFilter(limits, callers.mapping()),
                        org.springframework.security.web.access.intercept.AuthorizationFilter.class);
        return http.build();
    }

    /** The page a saved request asked for, as a path: its URL was built from the request's Host header. */
    static String pathOf(String url) {
        java.net.URI uri = java.net.URI.create(url);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/console" : uri.getRawPath();
        // "//host" would be a network-path reference to another host.
        path = "/" + path.replaceFirst("^/+", "");
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /**
     * After sign-in a person lands on the page they asked for, never on a stylesheet, an event
     * stream or an htmx fragment that happened to meet an expired session.
     */
    private static HttpSessionRequestCache pagesOnly() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(request -> "GET".equals(request.getMethod()) && request.getHeader("HX-Request") == null
                && String.valueOf(request.getHeader("Accept")).contains("text/html"));
        return cache;
    }

    /** Built from the issuer without discovery, so the gateway starts while the realm is still starting. */
    @Bean
    ClientRegistrationRepository clientRegistrations(IdentityProperties identity, ConsoleProperties console, PublicUrl publicUrl) {
        String issuer = identity.issuer();
        String oidc = issuer + "/protocol/openid-connect";
        ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION)
                .clientId(console.clientId())
                .clientSecret(console.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(publicUrl.of("/login/oauth2/code/{registrationId}"))
                .scope("openid", "profile", "email")
                .authorizationUri(oidc + "/auth")
                .tokenUri(oidc + "/token")
                .jwkSetUri(oidc + "/certs")
                .userInfoUri(oidc + "/userinfo")
                .userNameAttributeName("preferred_username")
                .issuerUri(issuer)
                .providerConfigurationMetadata(java.util.Map.of("end_session_endpoint", oidc + "/logout"))
                .clientName("Casebridge realm")
                .build();
        return new InMemoryClientRegistrationRepository(registration);
    }

    @Bean
    OAuth2UserService<OidcUserRequest, OidcUser> consoleUsers(JwtDecoder accessTokens, CurrentCaller callers) {
        OidcUserService oidc = new OidcUserService();
        return request -> {
            OidcUser user = oidc.loadUser(request);
            Jwt access;
            try {
                access = accessTokens.decode(request.getAccessToken().getTokenValue());
            } catch (JwtException refused) {
                // Checked like any bearer token; one the gateway refuses (expired by its clock, wrong
                // audience) is a failed sign-in, not a server error.
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN),
                        "the realm's access token was refused: " + refused.getMessage(), refused);
            }
            Caller caller = callers.mapping().toCaller(access);
            return new ConsoleUser(callers.mapping().authorities(access), user.getIdToken(), user.getUserInfo(), caller);
        };
    }
}
