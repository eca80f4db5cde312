package se.teknikivast.minasidor.resourceserver.test;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestBody;
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

    /**
     * The JSON members of each operation's {@code @RequestBody} record, as the controllers really read them:
     * {@code "POST /internal/registrations" -> [customerNumber, email, identityNumber]}. Held against
     * {@link #requestBodiesIn}, it catches a document that describes another body (springdoc names a schema by the
     * record's simple name, so two records called {@code Request} became one).
     */
    public static Map<String, Set<String>> requestBodiesOf(ApplicationContext context, List<String> undocumented) {
        var ownPackage = ownPackage(context);
        var bodies = new TreeMap<String, Set<String>>();
        var mapping = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        mapping.getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith(ownPackage)) {
                return;
            }
            for (var parameter : handler.getMethodParameters()) {
                if (!parameter.hasParameterAnnotation(RequestBody.class)
                        || !parameter.getParameterType().isRecord()) {
                    continue;
                }
                var members = new TreeSet<String>();
                for (var component : parameter.getParameterType().getRecordComponents()) {
                    members.add(component.getName());
                }
                for (var path : info.getPatternValues()) {
                    if (undocumented.stream().noneMatch(path::startsWith)) {
                        for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                            bodies.put(method.name() + " " + path, members);
                        }
                    }
                }
            }
        });
        return bodies;
    }

    /** The members of each operation's JSON request body schema in the document ({@code $ref}s followed). */
    public static Map<String, Set<String>> requestBodiesIn(JsonNode document) {
        var bodies = new TreeMap<String, Set<String>>();
        var paths = document.path("paths");
        for (var path : paths.propertyNames()) {
            for (var operation : paths.get(path).propertyNames()) {
                var schema = paths.get(path).get(operation).at("/requestBody/content/application~1json/schema");
                if (schema.isMissingNode()) {
                    continue;
                }
                if (schema.has("$ref")) {
                    schema = document.at(schema.get("$ref").asString().substring(1));
                }
                bodies.put(
                        operation.toUpperCase(Locale.ROOT) + " " + path,
                        new TreeSet<>(schema.path("properties").propertyNames()));
            }
        }
        return bodies;
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
