package io.opencvm.webhook;

import java.util.List;

/** A parsed create request; {@code secret} null means "make one". */
record NewWebhook(String url, List<String> events, String name, String secret) {

    @Override
    public String toString() {
        return "NewWebhook[" + url + " " + events + "]"; // never the secret
    }
}
