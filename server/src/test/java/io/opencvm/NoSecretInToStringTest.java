package io.opencvm;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every record of the server with a component that holds a secret (a VMM token, an encrypted env, an API key, a
 * commit or CSRF token, a password, a seed) prints none of it in {@code toString}: logs and exception messages
 * that print a record never leak it. Each such record is built with a recognisable value in every String
 * component and its {@code toString} searched for the secret ones.
 */
class NoSecretInToStringTest {

    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(token|secret|password|encryptedenv|apikey|privatekey|seed|cookie|cookievalue)|key");

    @Test
    void noRecordPrintsASecretComponent() throws Exception {
        List<Class<?>> records = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().importPath(Path.of("target", "classes"))) {
            Class<?> type = c.reflect();
            if (type.isRecord() && type.getName().startsWith("io.opencvm.") && !type.getName().startsWith("io.opencvm.vmmsim")
                    && secretComponents(type).size() > 0) {
                records.add(type);
            }
        }
        Map<String, String> leaks = new LinkedHashMap<>();
        for (Class<?> type : records) {
            RecordComponent[] components = type.getRecordComponents();
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = sample(components[i]);
            }
            Constructor<?> canonical = type.getDeclaredConstructor(
                    java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            String printed = canonical.newInstance(args).toString();
            for (RecordComponent secret : secretComponents(type)) {
                if (secret.getType() == String.class && printed.contains(marker(secret))) {
                    leaks.put(type.getName() + "." + secret.getName(), printed);
                }
            }
        }
        assertThat(records).as("records with a secret component").hasSizeGreaterThanOrEqualTo(10);
        assertThat(leaks).as("records whose toString prints a secret").isEmpty();
    }

    private static List<RecordComponent> secretComponents(Class<?> type) {
        return java.util.Arrays.stream(type.getRecordComponents())
                .filter(c -> SECRET.matcher(c.getName()).matches() && c.getType() == String.class).toList();
    }

    private static String marker(RecordComponent c) {
        return "S3CRET-" + c.getDeclaringRecord().getSimpleName() + "-" + c.getName();
    }

    private static Object sample(RecordComponent c) throws Exception {
        Class<?> t = c.getType();
        if (t == String.class) {
            return marker(c);
        }
        return value(t, 0);
    }

    /** A plain value of {@code t}: nested records are built the same way, so their own toString can run. */
    private static Object value(Class<?> t, int depth) throws Exception {
        if (t == String.class) {
            return "v";
        }
        if (t == Long.class) {
            return 0L;
        }
        if (t == Integer.class) {
            return 0;
        }
        if (t == Boolean.class) {
            return false;
        }
        if (t == java.time.Instant.class) {
            return java.time.Instant.EPOCH;
        }
        if (t.isEnum()) {
            return t.getEnumConstants()[0];
        }
        if (t.isRecord() && depth < 4) {
            RecordComponent[] parts = t.getRecordComponents();
            Object[] args = new Object[parts.length];
            for (int i = 0; i < parts.length; i++) {
                args[i] = value(parts[i].getType(), depth + 1);
            }
            Constructor<?> canonical = t.getDeclaredConstructor(
                    java.util.Arrays.stream(parts).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            try {
                return canonical.newInstance(args);
            } catch (java.lang.reflect.InvocationTargetException refused) {
                return null; // a value type that checks its input (an id, a hash): null is enough for printing
            }
        }
        if (t == long.class) {
            return 0L;
        }
        if (t == int.class) {
            return 0;
        }
        if (t == boolean.class) {
            return false;
        }
        if (t == java.util.Set.class) {
            return java.util.Set.of();
        }
        if (t == List.class) {
            return List.of();
        }
        if (t == Map.class) {
            return Map.of();
        }
        return null;
    }
}
