package io.opencvm.api;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class ApiWebConfig implements WebMvcConfigurer {

    /** The API speaks JSON only, whatever {@code Accept} says (as the hosted API does): never a 406 or a 500 for it. */
    private static final ContentNegotiationStrategy JSON_ONLY = request -> List.of(MediaType.APPLICATION_JSON);

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ApiVersionArgumentResolver());
    }

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        configurer.strategies(List.of(JSON_ONLY));
    }
}
