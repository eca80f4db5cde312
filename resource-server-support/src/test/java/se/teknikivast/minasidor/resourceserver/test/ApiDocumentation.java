package se.teknikivast.minasidor.resourceserver.test;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * A service's OpenAPI document (springdoc, {@value #PATH}) held against the controllers that really run, so internal
 * teams can generate clients from it: both sides as {@code "GET /internal/deliveries/{id}"}, to compare as sets.
 *
 * <pre>{@code
 * assertThat(ApiDocumentation.endpointsIn(document))
 *         .isNotEmpty()
 *         .containsExactlyInAnyOrderElementsOf(ApiDocumentation.endpointsOf(context, List.of("/simulator")));
 * }</pre>
 */
public final class ApiDocumentation {

    /** Where every service publishes its document, open without a token (resource-server-support). */
    public static final String PATH = "/v3/api-docs";

    private static final List<String> OPERATIONS =
            List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private ApiDocumentation() {}

    /**
     * Every path and method the application's own controllers map (those in the package of the
     * {@code @SpringBootApplication} and below; not Spring's error controller), except paths that start with one of
     * {@code undocumented} (e.g. a simulator that is not part of the API). A mapping without a method appears as
     * {@code "ANY /path"}, which no document names: an API says its methods.
     */
    public static Set<String> endpointsOf(ApplicationContext context, List<String> undocumented) {
        var ownPackage = ownPackage(context);
        var endpoints = new TreeSet<String>();
        var mapping = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        mapping.getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith(ownPackage)) {
                return;
            }
            var methods = info.getMethodsCondition().getMethods();
            for (var path : info.getPatternValues()) {
                if (undocumented.stream().anyMatch(path::startsWith)) {
                    continue;
                }
                if (methods.isEmpty()) {
                    endpoints.add("ANY " + path);
                }
                for (RequestMethod method : methods) {
                    endpoints.add(method.name() + " " + path);
                }
            }
        });
        return endpoints;
    }

    /** Every path and operation the OpenAPI document describes. */
    public static Set<String> endpointsIn(JsonNode document) {
        var endpoints = new TreeSet<String>();
        var paths = document.path("paths");
        for (var path : paths.propertyNames()) {
            for (var operation : paths.get(path).propertyNames()) {
                if (OPERATIONS.contains(operation)) {
                    endpoints.add(operation.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return endpoints;
    }

    private static String ownPackage(ApplicationContext context) {
        var applications = context.getBeanNamesForAnnotation(SpringBootApplication.class);
        if (applications.length != 1) {
            throw new IllegalStateException("Expected one @SpringBootApplication, found " + List.of(applications));
        }
        var type = context.getType(applications[0]);
        if (type == null) {
            throw new IllegalStateException("No type for " + applications[0]);
        }
        return ClassUtils.getUserClass(type).getPackageName();
    }
}
