package io.opencvm.api;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ContainerErrorsConfig {

    /** The host renders container-level refusals with {@link ContainerErrorReport} instead of HTML. */
    @Bean
    TomcatContextCustomizer containerErrorsAsJson() {
        return context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ContainerErrorReport.class.getName());
            }
        };
    }
}
