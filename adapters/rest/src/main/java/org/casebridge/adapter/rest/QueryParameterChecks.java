package org.casebridge.adapter.rest;

import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Applies {@link UnknownQueryParameters} to the whole REST API, whichever module serves the resource. */
class QueryParameterChecks implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new UnknownQueryParameters()).addPathPatterns("/api/**");
    }
}
