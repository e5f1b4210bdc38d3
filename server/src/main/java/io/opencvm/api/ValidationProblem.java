package io.opencvm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A request of the wrong shape, rendered as FastAPI/Pydantic do: status 422 and
 * {@code {"detail":[{"loc":[...],"msg":"...","type":"...","input":...}]}}. Items are made by
 * {@link InputError#at}; {@link Fields} and {@link JsonBody} collect them.
 */
public class ValidationProblem extends RuntimeException {

    private final transient List<Item> items;

    public ValidationProblem(List<Item> items) {
        super(items.isEmpty() ? "validation failed" : items.get(0).msg());
        this.items = List.copyOf(items);
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
