package io.opencvm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A request of the wrong shape, rendered as FastAPI/Pydantic do: status 422 and
 * {@code {"detail":[{"loc":[...],"msg":"...","type":"..."}]}}.
 */
public class ValidationProblem extends RuntimeException {

    private final transient List<Item> items;

    public ValidationProblem(List<Item> items) {
        super(items.isEmpty() ? "validation failed" : items.get(0).msg());
        this.items = List.copyOf(items);
    }

    public static ValidationProblem of(List<Object> loc, String msg, String type, Object input) {
        return new ValidationProblem(List.of(new Item(loc, msg, type, input)));
    }

    public List<Item> items() {
        return items;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(List<Object> loc, String msg, String type, Object input) {
    }

    public record Envelope(List<Item> detail) {
    }
}
