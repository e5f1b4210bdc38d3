package io.opencvm.vmmsim.prpc;

import com.sun.net.httpserver.Headers;
import java.util.Map;

/** Decides whether a request may pass before routing; a refusal is answered with 401 and an empty body. */
@FunctionalInterface
public interface RequestGuard {

    RequestGuard OPEN = (method, path, headers, query) -> true;

    boolean allows(String method, String path, Headers headers, Map<String, String> query);
}
