package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.prpc.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Persists VM records as {@code <stateDir>/<id>.json}; with no state dir it keeps nothing. */
final class VmStore {

    private final Path dir;

    VmStore(Path dir) {
        this.dir = dir;
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    List<VmFile> loadAll() {
        List<VmFile> out = new ArrayList<>();
        if (dir == null) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                out.add(Json.MAPPER.readValue(file.toFile(), VmFile.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Writes through a temporary file so a crash never leaves half a record. */
    void save(VmFile file) {
        if (dir == null) {
            return;
        }
        try {
            Path tmp = dir.resolve(file.id() + ".json.tmp");
            Files.writeString(tmp, Json.MAPPER.writeValueAsString(file));
            Files.move(tmp, dir.resolve(file.id() + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(String id) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(id + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
