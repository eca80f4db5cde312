package se.teknikivast.minasidor.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

class ProblemHandlerTests {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Things())
            .setControllerAdvice(new ThingProblems())
            .build();

    @Test
    void a_service_problem_keeps_its_own_status_and_code() throws Exception {
        mvc.perform(get("/things/missing"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://teknikivast.se/problems/thing-not-found"))
                .andExpect(jsonPath("$.code").value("thing-not-found"))
                .andExpect(jsonPath("$.title").value("Saken finns inte"));
    }

    @Test
    void invalid_json_is_a_400_with_a_reason() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-request"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("Begäran kunde inte läsas")));
    }

    @Test
    void an_invalid_field_is_named() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\" \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-request"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("Ogiltiga fält: name: ")));
    }

    @Test
    void a_parameter_of_the_wrong_type_is_named() throws Exception {
        mvc.perform(get("/things").param("limit", "many"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-parameter"))
                .andExpect(jsonPath("$.detail").value("Parametern 'limit' har ett ogiltigt värde."));
    }

    @Test
    void spring_mvc_errors_get_the_code_of_their_status() throws Exception {
        mvc.perform(delete("/things"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value("https://teknikivast.se/problems/method-not-allowed"))
                .andExpect(jsonPath("$.code").value("method-not-allowed"));
        mvc.perform(post("/things").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("unsupported-media-type"));
    }

    @Test
    void an_unexpected_error_is_a_500_without_its_message() throws Exception {
        var body = mvc.perform(get("/things/broken"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.code").value("internal-error"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(body).doesNotContain("secret internals").doesNotContain("at se.teknikivast");
    }

    @Test
    void codes_by_status() {
        assertThat(Problems.codeFor(HttpStatus.NOT_FOUND)).isEqualTo("not-found");
        assertThat(Problems.codeFor(HttpStatus.I_AM_A_TEAPOT)).isEqualTo("request-failed");
        assertThat(Problems.codeFor(HttpStatus.BAD_GATEWAY)).isEqualTo("internal-error");
    }

    @RestController
    static class Things {

        @GetMapping("/things")
        String list(@RequestParam int limit) {
            return "[]";
        }

        @GetMapping("/things/missing")
        String missing() {
            throw new ThingNotFoundException();
        }

        @GetMapping("/things/broken")
        String broken() {
            throw new IllegalStateException("secret internals");
        }

        @PostMapping("/things")
        String create(@Validated @RequestBody Thing thing) {
            return thing.name();
        }
    }

    record Thing(@NotBlank String name) {}

    static final class ThingNotFoundException extends RuntimeException {}

    @RestControllerAdvice
    static class ThingProblems extends ProblemHandler {

        @ExceptionHandler
        ProblemDetail notFound(ThingNotFoundException e) {
            return Problems.of(HttpStatus.NOT_FOUND, "thing-not-found", "Saken finns inte", "Ingen sådan sak.");
        }
    }
}
