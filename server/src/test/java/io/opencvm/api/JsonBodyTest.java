package io.opencvm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** The one body reader and the one page rule: each FastAPI-shaped 422 they produce, as a table. */
class JsonBodyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"n\": \"x\"}|int_parsing",
            "{\"n\": \"1.5\"}|int_parsing",
            "{\"n\": 1.5}|int_from_float",
            "{\"n\": true}|int_parsing",
            "{\"n\": [1]}|int_type",
            "{\"n\": {}}|int_type"})
    void aWrongIntegerIsA422AtItsField(String body, String type) {
        assertProblem(body, b -> b.integer("n"), List.of("body", "n"), type);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"n\": 12}|12", "{\"n\": \" 12 \"}|12", "{\"n\": -3}|-3", "{\"n\": null}|",
            "{}|"})
    void integersAreReadLenientlyAndNullIsAbsent(String body, Long expected) {
        JsonBody b = JsonBody.parse(body);
        assertThat(b.integer("n")).isEqualTo(expected);
        assertThat(b.hasProblems()).isFalse();
    }

    @Test
    void eachTypeHasItsProblem() {
        assertProblem("{\"s\": 1}", b -> b.string("s"), List.of("body", "s"), "string_type");
        assertProblem("{}", b -> b.requiredString("s"), List.of("body", "s"), "missing");
        assertProblem("{\"b\": \"yes\"}", b -> b.bool("b"), List.of("body", "b"), "bool_type");
        assertProblem("{\"l\": \"a\"}", b -> b.strings("l"), List.of("body", "l"), "list_type");
        assertProblem("{\"l\": [\"a\", 7]}", b -> b.strings("l"), List.of("body", "l", 1), "string_type");
        assertProblem("{\"o\": 3}", b -> b.object("o"), List.of("body", "o"), "dict_type");
        assertProblem("{\"o\": {\"s\": 1}}", b -> b.object("o").string("s"), List.of("body", "o", "s"), "string_type");
    }

    @Test
    void constraintsHaveTheirPydanticTypes() {
        assertProblem("{\"n\": 0}", b -> b.atLeast("n", b.integer("n"), 1), List.of("body", "n"), "greater_than_equal");
        assertProblem("{\"n\": 0}", b -> b.above("n", b.integer("n"), 0), List.of("body", "n"), "greater_than");
        assertProblem("{\"n\": 101}", b -> b.between("n", b.integer("n"), 1, 100), List.of("body", "n"), "less_than_equal");
        assertProblem("{\"s\": \"  \"}", b -> b.text("s", b.string("s"), 1, 5), List.of("body", "s"), "string_too_short");
        assertProblem("{\"s\": \"abcdef\"}", b -> b.text("s", b.string("s"), 1, 5), List.of("body", "s"), "string_too_long");
        assertProblem("{\"s\": \"a-\"}", b -> b.text("s", b.string("s"), 1, 5, Pattern.compile("[a-z]+")),
                List.of("body", "s"), "string_pattern_mismatch");
        assertProblem("{\"e\": \"d\"}", b -> b.oneOf("e", b.string("e"), List.of("a", "b", "c"),
                v -> Optional.<String>empty()), List.of("body", "e"), "enum");
        assertProblem("{\"v\": 1}", b -> b.check("v", b.integer("v"), false, "no"), List.of("body", "v"), "value_error");
    }

    @Test
    void everyProblemIsReportedAtOnceAndMessagesAreFilledIn() {
        JsonBody b = JsonBody.parse("{\"a\": 1, \"n\": 0, \"e\": \"x\"}");
        b.string("a");
        b.atLeast("n", b.integer("n"), 1);
        b.oneOf("e", b.string("e"), List.of("a", "b", "c"), v -> Optional.<String>empty());
        b.requiredString("z");
        assertThatThrownBy(b::throwIfAny).isInstanceOfSatisfying(ValidationProblem.class, p -> {
            assertThat(p.items()).extracting(ValidationProblem.Item::type)
                    .containsExactly("string_type", "greater_than_equal", "enum", "missing");
            assertThat(p.items()).extracting(ValidationProblem.Item::msg).containsExactly("Input should be a valid string",
                    "Input should be greater than or equal to 1", "Input should be 'a', 'b' or 'c'", "Field required");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "null", "{}"})
    void anAbsentOptionalBodyReadsAsEmpty(String text) {
        assertThat(JsonBody.parse(text).string("x")).isNull();
    }

    @Test
    void aBodyOfTheWrongShapeIsRefusedAtOnce() {
        assertThatThrownBy(() -> JsonBody.parse("{\"a\": ")).isInstanceOfSatisfying(ValidationProblem.class,
                p -> assertThat(p.items().get(0).type()).isEqualTo("json_invalid"));
        assertThatThrownBy(() -> JsonBody.parse("[1]")).isInstanceOfSatisfying(ValidationProblem.class,
                p -> assertThat(p.items().get(0).type()).isEqualTo("model_attributes_type"));
        assertThatThrownBy(() -> JsonBody.required(null)).isInstanceOfSatisfying(ValidationProblem.class,
                p -> assertThat(p.items().get(0)).isEqualTo(InputError.MISSING.at(List.of("body"), null)));
        assertThatThrownBy(() -> JsonBody.required(JSON.readTree("null"))).isInstanceOf(ValidationProblem.class);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {"NULL,NULL", "true,true", "ON,true", "1,true", "no,false", "0,false"})
    void aBooleanWrittenAsTextIsAWord(String text, Boolean expected) {
        Fields header = Fields.of("header");
        assertThat(header.booleanText("X-Flag", text)).isEqualTo(expected);
        assertThat(header.hasProblems()).isFalse();
        header.booleanText("X-Flag", "maybe");
        assertThatThrownBy(header::throwIfAny).isInstanceOfSatisfying(ValidationProblem.class,
                p -> assertThat(p.items().get(0).type()).isEqualTo("bool_parsing"));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "0,NULL,page,greater_than_equal",
            "-5,NULL,page,greater_than_equal",
            "NULL,0,page_size,greater_than_equal",
            "NULL,101,page_size,less_than_equal"})
    void aPageOutsideTheRuleIsA422AndNeverClamped(Integer page, Integer size, String field, String type) {
        assertThatThrownBy(() -> PageRequest.of(page, size, 20)).isInstanceOfSatisfying(ValidationProblem.class,
                p -> assertThat(p.items()).singleElement().satisfies(i -> {
                    assertThat(i.loc()).containsExactly("query", field);
                    assertThat(i.type()).isEqualTo(type);
                }));
    }

    @Test
    void theLastPossiblePageIsAnEmptyPageNotAnOverflow() {
        PageRequest far = PageRequest.of(Integer.MAX_VALUE, 100, 20);
        assertThat(far.offset()).isEqualTo((Integer.MAX_VALUE - 1L) * 100);
        Page<String> page = Page.of(List.of("a", "b"), far, s -> s);
        assertThat(page.items()).isEmpty();
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.pages()).isEqualTo(1);
        assertThat(PageRequest.of(null, null, 30)).isEqualTo(new PageRequest(1, 30));
    }

    private static void assertProblem(String body, Consumer<JsonBody> read, List<Object> loc, String type) {
        JsonBody b = JsonBody.parse(body);
        read.accept(b);
        assertThatThrownBy(b::throwIfAny).isInstanceOfSatisfying(ValidationProblem.class,
                p -> assertThat(p.items()).singleElement().satisfies(i -> {
                    assertThat(i.loc()).isEqualTo(loc);
                    assertThat(i.type()).isEqualTo(type);
                }));
    }
}
