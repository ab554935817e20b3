package org.casebridge.gateway.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.util.HtmlUtils;

/**
 * A sign-in that came back from the realm but failed here (a refused token, an error the realm
 * reported) ends on a page that says so, with 401. Redirecting to the login page instead, as
 * Spring does by default, would send the person straight back to the realm, whose session is still
 * open, and round again.
 */
final class ConsoleSignInFailure implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("text/html;charset=UTF-8");
        String reason = HtmlUtils.htmlEscape(String.valueOf(failure.getMessage()));
        response.getOutputStream().write(("""
                <!doctype html>
                <html lang="zh-CN"><head><meta charset="utf-8"><title>登录失败 Sign-in failed</title></head>
                <body>
                <h1>登录失败 · Sign-in failed</h1>
                <p id="sign-in-failure">%s</p>
                <p><a href="%s/console">重新登录 · Sign in again</a></p>
                </body></html>
                """.formatted(reason, request.getContextPath())).getBytes(StandardCharsets.UTF_8));
    }
}
