package org.casebridge.adapter.rest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a query parameter that the resource does not read, on every REST resource (this transport's and the
 * gateway's): a misspelt or invented parameter ({@code round=3}) would otherwise be ignored and the client would
 * take the answer for one that honoured it. The names a resource reads are its {@code @RequestParam}s.
 */
final class UnknownQueryParameters implements HandlerInterceptor {

    private static final DefaultParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();
    private final Map<java.lang.reflect.Method, Set<String>> known = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || request.getQueryString() == null) {
            return true;
        }
        Set<String> accepted = known.computeIfAbsent(method.getMethod(), m -> accepted(method));
        if (accepted.contains("*")) {
            return true;
        }
        Set<String> unknown = new TreeSet<>(request.getParameterMap().keySet());
        unknown.removeAll(accepted);
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, "unknown query parameter" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; this resource reads " + (accepted.isEmpty() ? "none" : String.join(", ", new TreeSet<>(accepted))),
                    first);
        }
        return true;
    }

    private static Set<String> accepted(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            String name = param.name().isEmpty() ? param.value() : param.name();
            if (name.isEmpty()) {
                if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                    names.add("*"); // reads them all
                    continue;
                }
                parameter.initParameterNameDiscovery(NAMES);
                name = parameter.getParameterName();
            }
            names.add(name);
        }
        return Set.copyOf(names);
    }
}
