package se.teknikivast.minasidor.auth.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.AbstractResourceResolver;
import org.springframework.web.servlet.resource.HttpResource;
import org.springframework.web.servlet.resource.ResourceResolverChain;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;
import org.springframework.web.servlet.resource.VersionResourceResolver;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * The stylesheets, scripts and images under {@code /css|js|img/**}: content-hashed URLs
 * ({@code /auth/css/mina-sidor-<md5>.css}) that the pages link through Thymeleaf's {@code @{…}} (rewritten by
 * {@link ResourceUrlEncodingFilter}), cached by browsers and proxies for a year as {@code immutable}; a new release
 * with a changed file has a new URL. The plain URL still answers, with {@code no-cache} (revalidated by ETag and
 * Last-Modified), for anyone holding an old page.
 *
 * <p>They are served without the session: their own security chain keeps the security context, CSRF token and saved
 * request out of the session, Spring MVC does not look for flash attributes for them and publishes no
 * request-handled events (which carry the session id), and the absolute-timeout filter skips them, so a request carrying the session cookie
 * costs no Redis command at all (the lead's Redis MONITOR showed eight round trips per CSS file before). Security
 * headers (CSP, nosniff, HSTS, …) stay; only Spring Security's {@code no-cache, no-store} is left off here.
 *
 * <p>Spring Boot's {@code spring.web.resources.chain.strategy.content.*} and {@code spring.web.resources.cache.*}
 * properties would give the hashed URLs, but one Cache-Control for every URL of the handler (also the unhashed ones)
 * and no {@code immutable}; hence these handlers.
 */
@Configuration(proxyBeanMethods = false)
class StaticResources implements WebMvcConfigurer {

    static final String[] PATHS = {"/css/**", "/js/**", "/img/**", "/favicon.ico"};

    /** For content-hashed URLs: the content behind such a URL never changes. */
    static final CacheControl VERSIONED =
            CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        for (var folder : List.of("css", "js", "img")) {
            registry.addResourceHandler("/" + folder + "/**")
                    .addResourceLocations("classpath:/static/" + folder + "/")
                    .setCacheControl(CacheControl.noCache())
                    .resourceChain(true)
                    .addResolver(new VersionedAreImmutable())
                    .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
        }
    }

    /** Whether the request is for one of the static files (path below the context path). */
    static boolean isStatic(HttpServletRequest request) {
        var path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/css/")
                || path.startsWith("/js/")
                || path.startsWith("/img/")
                || path.equals("/favicon.ico");
    }

    /**
     * Spring MVC's flash attributes (kept in the session) without a session read for static files: the
     * DispatcherServlet looks for flash attributes on every request it serves.
     */
    @Bean(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
    FlashMapManager flashMapManager() {
        return new SessionFlashMapManager() {
            @Override
            protected @Nullable List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
                return isStatic(request) ? null : super.retrieveFlashMaps(request);
            }
        };
    }

    /** Rewrites the links pages build with {@code @{/css/…}} (and {@code encodeURL}) to their hashed URLs. */
    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
        var registration = new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        // Error pages are rendered in the error dispatch and link the stylesheet and logo too.
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.FORWARD);
        return registration;
    }

    /**
     * Before every other chain: permitted to all, stateless (security context in the request only, no saved request,
     * no anonymous token), no CSRF (nothing here changes state), the same security headers as the pages minus Spring
     * Security's Cache-Control.
     */
    @Bean
    @Order(-10)
    SecurityFilterChain staticResourceFilterChain(HttpSecurity http, SecurityHeaders headers) throws Exception {
        http.securityMatcher(PATHS)
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
                // Each of these would read the session: the security context kept in it, the check of the requested
                // session id (session management), the anonymous token's details (they carry the session id).
                .securityContext(
                        context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .sessionManagement(session -> session.disable())
                .anonymous(anonymous -> anonymous.disable())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        headers.apply(http);
        http.headers(header -> header.cacheControl(cache -> cache.disable()));
        return http.build();
    }

    /**
     * Marks a resource found under a content-hashed URL as cacheable for a year. {@link VersionResourceResolver} has
     * already checked that the hash in the URL is the content's; an unhashed request resolves to the file of the same
     * name and keeps the handler's {@code no-cache}.
     */
    static final class VersionedAreImmutable extends AbstractResourceResolver {

        @Override
        protected @Nullable Resource resolveResourceInternal(
                @Nullable HttpServletRequest request,
                String requestPath,
                List<? extends Resource> locations,
                ResourceResolverChain chain) {
            var resource = chain.resolveResource(request, requestPath, locations);
            if (resource == null) {
                return null;
            }
            var requestedName = requestPath.substring(requestPath.lastIndexOf('/') + 1);
            return requestedName.equals(resource.getFilename()) ? resource : new Immutable(resource);
        }

        @Override
        protected @Nullable String resolveUrlPathInternal(
                String resourceUrlPath, List<? extends Resource> locations, ResourceResolverChain chain) {
            return chain.resolveUrlPath(resourceUrlPath, locations);
        }
    }

    /** The resource with its own response headers (the version's ETag) and the year-long Cache-Control. */
    private static final class Immutable extends AbstractResource implements HttpResource {

        private final Resource resource;
        private final HttpHeaders headers = new HttpHeaders();

        Immutable(Resource resource) {
            this.resource = resource;
            if (resource instanceof HttpResource http) {
                headers.putAll(http.getResponseHeaders());
            }
            headers.setCacheControl(VERSIONED);
        }

        @Override
        public HttpHeaders getResponseHeaders() {
            return headers;
        }

        @Override
        public boolean exists() {
            return resource.exists();
        }

        @Override
        public boolean isReadable() {
            return resource.isReadable();
        }

        @Override
        public boolean isFile() {
            return resource.isFile();
        }

        @Override
        public URL getURL() throws IOException {
            return resource.getURL();
        }

        @Override
        public URI getURI() throws IOException {
            return resource.getURI();
        }

        @Override
        public File getFile() throws IOException {
            return resource.getFile();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return resource.getInputStream();
        }

        @Override
        public long contentLength() throws IOException {
            return resource.contentLength();
        }

        @Override
        public long lastModified() throws IOException {
            return resource.lastModified();
        }

        @Override
        public Resource createRelative(String relativePath) throws IOException {
            return resource.createRelative(relativePath);
        }

        @Override
        public @Nullable String getFilename() {
            return resource.getFilename();
        }

        @Override
        public String getDescription() {
            return resource.getDescription();
        }
    }
}
