package io.opencvm.account;

import java.util.List;

/** The envelope of the operator's list endpoints: {@code {"data": [...]}}. */
record Listing<T>(List<T> data) {
}
