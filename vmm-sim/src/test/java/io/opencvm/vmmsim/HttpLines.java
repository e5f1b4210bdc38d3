package io.opencvm.vmmsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.stream.Stream;

/** A streamed HTTP response read line by line as the server sends it (for {@code follow=true}). */
public final class HttpLines implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final HttpResponse<Stream<String>> response;
    private final Iterator<String> lines;

    private HttpLines(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.lines = response.body().iterator();
    }

    /** Sends the GET and returns once the status line and headers have arrived. */
    public static HttpLines open(URI uri) {
        try {
            return new HttpLines(HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    /** The next line, waiting for the server to send it. */
    public String next() {
        return lines.next();
    }

    /** Whether the server sends another line; false once it has ended the stream (waits until it knows). */
    public boolean hasNext() {
        return lines.hasNext();
    }

    @Override
    public void close() {
        response.body().close();
    }
}
