package org.casebridge.gateway.identity;

import java.util.Collection;
import org.casebridge.adapter.spi.Caller;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/** A person signed in through the browser, with the caller their realm access token describes. */
final class ConsoleUser extends DefaultOidcUser {

    private final Caller caller;

    ConsoleUser(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, OidcUserInfo userInfo, Caller caller) {
        super(authorities, idToken, userInfo, "preferred_username");
        this.caller = caller;
    }

    Caller caller() {
        return caller;
    }
}
