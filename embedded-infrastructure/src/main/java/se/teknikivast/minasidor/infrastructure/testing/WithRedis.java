package se.teknikivast.minasidor.infrastructure.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/** Points the application under test at the shared Redis server. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(InfrastructureTestConfigurations.RedisConfiguration.class)
public @interface WithRedis {}
